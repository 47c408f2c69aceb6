/* be.c -- big-endian integers (RPM.md §1). Proven core (see rpm.h). */
#include "rpm.h"

uint32_t al_be32(const uint8_t *p)
{
    /* Horner form, the shape of RpmBe32: no shifts, no wrap-around. */
    return (((uint32_t)p[0] * 256u + p[1]) * 256u + p[2]) * 256u + p[3];
}

uint32_t al_be16(const uint8_t *p)
{
    return (uint32_t)p[0] * 256u + p[1];
}

void al_put_be32(uint8_t *p, uint32_t v)
{
    p[3] = (uint8_t)(v % 256u);
    p[2] = (uint8_t)(v / 256u % 256u);
    p[1] = (uint8_t)(v / 65536u % 256u);
    p[0] = (uint8_t)(v / 16777216u);
    /*@ assert v / 16777216 < 256; */
    /*@ assert v == ((p[0] * 256 + p[1]) * 256 + p[2]) * 256 + p[3]; */
}
