# make prove: Frama-C WP + Eva over the proven core, and the inverted
# mutants. All prover options live in proofs/wp.sh; the gate in
# proofs/prove.sh. Writes proofs/SUMMARY.md (committed).
.PHONY: prove
prove:
	@proofs/prove.sh
