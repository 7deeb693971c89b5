// Fleet's ONNX Runtime custom operators, loaded by the worker with SessionOptions.RegisterCustomOpLibrary.
//
// ai.fleet.LookupU8(X: uint8[...], Table: uint8[256]) -> Y: uint8[...], Y[i] = Table[X[i]].
// Any function of one uint8 tensor is a 256-entry table once the scales are fixed, so the int8 recogniser runs
// HardSwish as one pass over the bytes instead of QLinearAdd + QLinearMul (ONNX Runtime's QLinearMul is SSE2 and
// was 15% of a page's CPU time). With AVX-512 VBMI the lookup is two VPERMI2B and a blend per 64 bytes.
//
// Built by src/Engine/Engine.csproj (target CompileFleetOps) against the headers of the ONNX Runtime package the worker
// links; the worker falls back to QLinearAdd + QLinearMul when the library is not there.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>

#include <immintrin.h>

#define ORT_API_MANUAL_INIT
#include "onnxruntime_cxx_api.h"
#undef ORT_API_MANUAL_INIT
#include "onnxruntime_lite_custom_op.h"

namespace {

__attribute__((target("avx512f,avx512bw,avx512vbmi,bmi2")))
void LookupVbmi(const uint8_t* x, uint8_t* y, size_t n, const uint8_t* table) {
  const __m512i t0 = _mm512_loadu_si512(table);
  const __m512i t1 = _mm512_loadu_si512(table + 64);
  const __m512i t2 = _mm512_loadu_si512(table + 128);
  const __m512i t3 = _mm512_loadu_si512(table + 192);
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m512i v = _mm512_loadu_si512(x + i);
    // VPERMI2B reads 7 bits of each index: entries 0-127 from (t0, t1), 128-255 from (t2, t3); bit 7 picks.
    const __m512i low = _mm512_permutex2var_epi8(t0, v, t1);
    const __m512i high = _mm512_permutex2var_epi8(t2, v, t3);
    _mm512_storeu_si512(y + i, _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), low, high));
  }
  if (i < n) {
    const __mmask64 tail = _bzhi_u64(~0ULL, static_cast<unsigned>(n - i));
    const __m512i v = _mm512_maskz_loadu_epi8(tail, x + i);
    const __m512i low = _mm512_permutex2var_epi8(t0, v, t1);
    const __m512i high = _mm512_permutex2var_epi8(t2, v, t3);
    _mm512_mask_storeu_epi8(y + i, tail, _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), low, high));
  }
}

void LookupScalar(const uint8_t* x, uint8_t* y, size_t n, const uint8_t* table) {
  for (size_t i = 0; i < n; ++i)
    y[i] = table[x[i]];
}

bool HasVbmi() {
  // __builtin_cpu_supports also checks that the OS saves AVX-512 state.
  static const bool has = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512vbmi") && __builtin_cpu_supports("avx512bw");
  }();
  return has;
}

void LookupU8(const Ort::Custom::Tensor<uint8_t>& x, const Ort::Custom::Tensor<uint8_t>& table,
              Ort::Custom::Tensor<uint8_t>& y) {
  if (table.NumberOfElement() != 256)
    ORT_CXX_API_THROW("LookupU8: Table must hold 256 bytes", ORT_INVALID_ARGUMENT);
  const auto n = static_cast<size_t>(x.NumberOfElement());
  uint8_t* out = y.Allocate(x.Shape());
  (HasVbmi() ? LookupVbmi : LookupScalar)(x.Data(), out, n, table.Data());
}

}  // namespace

extern "C" __attribute__((visibility("default")))
OrtStatus* ORT_API_CALL RegisterCustomOps(OrtSessionOptions* options, const OrtApiBase* api) {
  Ort::InitApi(api->GetApi(ORT_API_VERSION));
  // One domain for the process: sessions keep pointers to it, so it lives as long as the library.
  static Ort::CustomOpDomain domain{"ai.fleet"};
  static std::unique_ptr<Ort::Custom::OrtLiteCustomOp> lookup;
  static std::once_flag once;
  Ort::Status status{nullptr};
  try {
    std::call_once(once, [] {
      lookup.reset(Ort::Custom::CreateLiteCustomOp("LookupU8", "CPUExecutionProvider", LookupU8));
      domain.Add(lookup.get());
    });
    Ort::UnownedSessionOptions(options).Add(domain);
  } catch (const Ort::Exception& e) {
    status = Ort::Status(e);
  }
  return status.release();
}
