/* cuda/sort_pairs.cuh — the one CUB call of the library behind a thin wrapper:
 *   sk_sort_pairs(temp, temp_bytes, keys_in, keys_out, values_in, values_out, n, begin_bit, end_bit)
 * = cub::DeviceRadixSort::SortPairs: a stable sort of (key, value) pairs by the key bits [begin_bit, end_bit)
 * (signed keys with their sign bit flipped, as CUB does). With temp == nullptr only temp_bytes is set.
 * In the emulation build (SYMKERN_CUDA_EMULATION) it is a host std::stable_sort by the same bits: CUB itself
 * is not emulated, only its contract. */
#ifndef SK_CUDA_SORT_PAIRS_CUH
#define SK_CUDA_SORT_PAIRS_CUH

#include <cstddef>
#include <cstdint>
#include <type_traits>

#ifdef SK_CUDA_EMULATION
#  include <algorithm>
#  include <numeric>
#  include <vector>
#  include "cuda_runtime.h"
#else
#  include <cub/device/device_radix_sort.cuh>
#endif

template <typename K, typename V>
inline cudaError_t sk_sort_pairs(void* temp, size_t& temp_bytes, const K* keys_in, K* keys_out, const V* values_in,
                                 V* values_out, int n, int begin_bit, int end_bit, cudaStream_t stream = 0) {
#ifdef SK_CUDA_EMULATION
    static_assert(std::is_integral_v<K> && sizeof(K) <= 8, "sk_sort_pairs: integer keys");
    (void)stream;
    if (temp == nullptr) {
        temp_bytes = 16;
        return cudaSuccess;
    }
    if (n <= 0) return cudaSuccess;
    if (!sk_emu::is_device_range(temp, temp_bytes) || !sk_emu::is_device_range(keys_in, sizeof(K) * n) ||
        !sk_emu::is_device_range(keys_out, sizeof(K) * n) || !sk_emu::is_device_range(values_in, sizeof(V) * n) ||
        !sk_emu::is_device_range(values_out, sizeof(V) * n)) {
        sk_emu::report("sk_sort_pairs: a buffer is not inside one device allocation");
        return cudaErrorInvalidValue;
    }
    using U = std::make_unsigned_t<K>;
    const auto bits = [&](K k) -> uint64_t {
        U u = (U)k;
        if constexpr (std::is_signed_v<K>) u ^= (U)((U)1 << (sizeof(K) * 8 - 1));
        const uint64_t width = (uint64_t)(end_bit - begin_bit);
        const uint64_t v = (uint64_t)u >> begin_bit;
        return width >= 64 ? v : v & ((1ull << width) - 1);
    };
    std::vector<int> order((size_t)n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return bits(keys_in[a]) < bits(keys_in[b]); });
    std::vector<K> k((size_t)n);
    std::vector<V> v((size_t)n);
    for (int i = 0; i < n; ++i) {
        k[(size_t)i] = keys_in[order[(size_t)i]];
        v[(size_t)i] = values_in[order[(size_t)i]];
    }
    std::copy(k.begin(), k.end(), keys_out);
    std::copy(v.begin(), v.end(), values_out);
    return cudaSuccess;
#else
    return cub::DeviceRadixSort::SortPairs(temp, temp_bytes, keys_in, keys_out, values_in, values_out, n, begin_bit,
                                           end_bit, stream);
#endif
}

#endif /* SK_CUDA_SORT_PAIRS_CUH */
