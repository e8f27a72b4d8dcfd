/* native/src/philox.h — Philox4x32-10 and the float conversions of the K6 random streams, shared by
 * cpu/dropout.cpp and cuda/dropout.cu so that both produce bit-identical streams.
 *
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11):
 * a 128-bit counter (c0..c3) and a 64-bit key (k0, k1); each of 10 rounds computes
 *     (hi0, lo0) = M0 * c0,  (hi1, lo1) = M1 * c2          (32x32 -> 64-bit products)
 *     c = (hi1 ^ c1 ^ k0,  lo1,  hi0 ^ c3 ^ k1,  lo0)
 * and the key is bumped by the Weyl constants (k0 += W0, k1 += W1) between rounds. Checked against the
 * Random123 kat_vectors in kernels-test/dropout_test.cpp.
 *
 * The stream of (seed, offset): element i is word (i % 4) of the block at counter
 *     c0 = lo32(offset + i/4), c1 = hi32(offset + i/4), c2 = c3 = 0     (64-bit sum, wraps mod 2^64)
 * with key k0 = lo32(seed), k1 = hi32(seed). So the first k elements do not depend on n, and the stream
 * of offset + k is the stream of offset shifted by 4k elements.
 *
 * uniform:  u = (word >> 8) * 2^-24, a multiple of 2^-24 in [0, 1) (exact in float).
 * normal:   elements (2j, 2j+1) — words (0,1) or (2,3) of one block — form a Box-Muller pair from their
 *           uniforms (u1, u2):  r = sqrt(-2 ln(1 - u1)),  z_2j = r cos(2 pi u2),  z_2j+1 = r sin(2 pi u2).
 *           1 - u1 is in [2^-24, 1], so the log is finite and r <= 5.77.
 *
 * Bit-identity of the float parts: ln and sincos are evaluated here with IEEE +, -, *, / and sqrt only
 * (no libm, whose CPU and CUDA versions differ in the last bit), through sk_fadd/sk_fmul/..., which are
 * the non-contractible __fadd_rn/__fmul_rn on CUDA. On the host a compiler may contract a*b+c into an
 * FMA only where the target has FMA (not baseline x86-64); there the helpers go through a volatile. */
#ifndef SK_PHILOX_H
#define SK_PHILOX_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "hd.h"

#define SK_PHILOX_M0 0xD2511F53u
#define SK_PHILOX_M1 0xCD9E8D57u
#define SK_PHILOX_W0 0x9E3779B9u
#define SK_PHILOX_W1 0xBB67AE85u

/* ---- the generator -------------------------------------------------------------------------------- */

/* One Philox4x32-10 block: out = philox(ctr, key). out may alias ctr. */
SK_HD void sk_philox4x32_10(uint32_t out[4], const uint32_t ctr[4], const uint32_t key[2]) {
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < 10; ++r) {
        if (r > 0) {
            k0 += SK_PHILOX_W0;
            k1 += SK_PHILOX_W1;
        }
        uint64_t p0 = (uint64_t)SK_PHILOX_M0 * c0;
        uint64_t p1 = (uint64_t)SK_PHILOX_M1 * c2;
        uint32_t n0 = (uint32_t)(p1 >> 32) ^ c1 ^ k0;
        uint32_t n2 = (uint32_t)(p0 >> 32) ^ c3 ^ k1;
        c1 = (uint32_t)p1;
        c3 = (uint32_t)p0;
        c0 = n0;
        c2 = n2;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

/* Block `block` (= i / 4 for stream element i) of the stream (seed, offset). */
SK_HD void sk_philox_block(uint32_t out[4], uint64_t seed, uint64_t offset, uint64_t block) {
    uint64_t c = offset + block;
    uint32_t ctr[4] = {(uint32_t)c, (uint32_t)(c >> 32), 0u, 0u};
    uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    sk_philox4x32_10(out, ctr, key);
}

/* ---- float arithmetic that is identical on CPU and CUDA ------------------------------------------- */

#if defined(__CUDA_ARCH__)
SK_HD float sk_fadd(float a, float b) { return __fadd_rn(a, b); }
SK_HD float sk_fsub(float a, float b) { return __fsub_rn(a, b); }
SK_HD float sk_fmul(float a, float b) { return __fmul_rn(a, b); }
SK_HD float sk_fdiv(float a, float b) { return __fdiv_rn(a, b); }
SK_HD float sk_fsqrt(float a) { return __fsqrt_rn(a); }
#else
#  if defined(__FP_FAST_FMAF)
/* The host target has FMA: keep each product rounded on its own. */
SK_HD float sk_fmul(float a, float b) { volatile float r = a * b; return r; }
#  else
SK_HD float sk_fmul(float a, float b) { return a * b; }
#  endif
SK_HD float sk_fadd(float a, float b) { return a + b; }
SK_HD float sk_fsub(float a, float b) { return a - b; }
SK_HD float sk_fdiv(float a, float b) { return a / b; }
SK_HD float sk_fsqrt(float a) { return __builtin_sqrtf(a); }
#endif

#if defined(__CUDA_ARCH__)
SK_HD uint32_t sk_float_bits(float x) { return __float_as_uint(x); }
SK_HD float sk_bits_float(uint32_t b) { return __uint_as_float(b); }
#else
SK_HD uint32_t sk_float_bits(float x) { uint32_t b; memcpy(&b, &x, 4); return b; }
SK_HD float sk_bits_float(uint32_t b) { float x; memcpy(&x, &b, 4); return x; }
#endif

/* ---- conversions ---------------------------------------------------------------------------------- */

/* u = (w >> 8) * 2^-24 in [0, 1): 24 random bits, exact in float. */
SK_HD float sk_uniform01(uint32_t w) { return (float)(w >> 8) * 5.9604644775390625e-08f; }

/* ln(x) for x = k * 2^-24 with k in [1, 2^24] (the values 1 - u takes). x = 2^e f, f in [sqrt(1/2),
 * sqrt(2)), ln f = 2 atanh(s), s = (f-1)/(f+1), |s| <= 0.1716: odd series to s^11 (truncation < 3e-9);
 * a few ulp of rounding error. */
SK_HD float sk_log_unit(float x) {
    /* x >= 2^-24 is a normal float: split its bits into 2^e * f with f in [c, 2c), c = 0.70710678f */
    uint32_t bits = sk_float_bits(x);
    int e = (int)(bits >> 23) - 127;
    float f = sk_bits_float((bits & 0x007fffffu) | 0x3f800000u);   /* [1, 2) */
    if (f >= 1.41421356f) {                                           /* 2c, exact */
        f = sk_fmul(f, 0.5f);
        ++e;
    }
    float s = sk_fdiv(sk_fsub(f, 1.0f), sk_fadd(f, 1.0f));
    float s2 = sk_fmul(s, s);
    float p = 0.18181818f;                                   /* 2/11 */
    p = sk_fadd(sk_fmul(p, s2), 0.22222222f);                /* 2/9  */
    p = sk_fadd(sk_fmul(p, s2), 0.28571429f);                /* 2/7  */
    p = sk_fadd(sk_fmul(p, s2), 0.4f);                       /* 2/5  */
    p = sk_fadd(sk_fmul(p, s2), 0.66666667f);                /* 2/3  */
    p = sk_fadd(sk_fmul(p, s2), 2.0f);
    float lnf = sk_fmul(s, p);
    /* e ln 2 with ln 2 split in a 17-bit high part (e * ln2_hi exact for |e| <= 64) and a low part */
    const float ln2_hi = 6.9313812256e-01f, ln2_lo = 9.0580006145e-06f;   /* fdlibm split */
    float fe = (float)e;
    return sk_fadd(sk_fmul(fe, ln2_hi), sk_fadd(sk_fmul(fe, ln2_lo), lnf));
}

/* cos(2 pi t), sin(2 pi t) for t in [0, 1): q = round(4t) and a = (4t - q) pi/2 in [-pi/4, pi/4] are
 * exact; Taylor series of sin a (to a^11) and cos a (to a^12), then the quadrant rotation by q. */
SK_HD void sk_sincos_turns(float t, float* c_out, float* s_out) {
    float t4 = sk_fmul(t, 4.0f);                             /* exact */
    float q = (float)(int)sk_fadd(t4, 0.5f);                 /* round half up; 0..4 */
    float a = sk_fmul(sk_fsub(t4, q), 1.57079633f);
    float a2 = sk_fmul(a, a);
    float sp = -2.50521084e-08f;                             /* -1/11! */
    sp = sk_fadd(sk_fmul(sp, a2), 2.75573192e-06f);          /*  1/9!  */
    sp = sk_fadd(sk_fmul(sp, a2), -1.98412698e-04f);         /* -1/7!  */
    sp = sk_fadd(sk_fmul(sp, a2), 8.33333333e-03f);          /*  1/5!  */
    sp = sk_fadd(sk_fmul(sp, a2), -1.66666667e-01f);         /* -1/3!  */
    float sn = sk_fadd(a, sk_fmul(sk_fmul(sp, a2), a));
    float cp = 2.08767570e-09f;                              /*  1/12! */
    cp = sk_fadd(sk_fmul(cp, a2), -2.75573192e-07f);         /* -1/10! */
    cp = sk_fadd(sk_fmul(cp, a2), 2.48015873e-05f);          /*  1/8!  */
    cp = sk_fadd(sk_fmul(cp, a2), -1.38888889e-03f);         /* -1/6!  */
    cp = sk_fadd(sk_fmul(cp, a2), 4.16666667e-02f);          /*  1/4!  */
    cp = sk_fadd(sk_fmul(cp, a2), -0.5f);
    float cs = sk_fadd(1.0f, sk_fmul(cp, a2));
    switch (((int)q) & 3) {
        case 0: *c_out = cs;  *s_out = sn;  break;
        case 1: *c_out = -sn; *s_out = cs;  break;
        case 2: *c_out = -cs; *s_out = -sn; break;
        default: *c_out = sn; *s_out = -cs; break;
    }
}

/* The Box-Muller pair of the uniform words (w1, w2): z1 = r cos(2 pi u2), z2 = r sin(2 pi u2). */
SK_HD void sk_box_muller(uint32_t w1, uint32_t w2, float* z1, float* z2) {
    float u1 = sk_uniform01(w1), u2 = sk_uniform01(w2);
    float r = sk_fsqrt(sk_fmul(-2.0f, sk_log_unit(sk_fsub(1.0f, u1))));
    float c, s;
    sk_sincos_turns(u2, &c, &s);
    *z1 = sk_fmul(r, c);
    *z2 = sk_fmul(r, s);
}

/* low + (high - low) u, kept below high when rounding would reach it. scale = high - low (finite). */
SK_HD float sk_uniform_range(uint32_t w, float low, float scale, float high) {
    float v = sk_fadd(low, sk_fmul(scale, sk_uniform01(w)));
    if (v >= high) v = nextafterf(high, low);
    return v;
}

/* ---- dropout -------------------------------------------------------------------------------------- */

/* 1 / (1 - p), computed once on the host by both backends. */
SK_HD float sk_dropout_scale(float p) { return sk_fdiv(1.0f, sk_fsub(1.0f, p)); }

/* The mask value of word w: scale when u >= p (kept), else 0. */
SK_HD float sk_dropout_mask(uint32_t w, float p, float scale) { return sk_uniform01(w) >= p ? scale : 0.0f; }

#endif /* SK_PHILOX_H */
