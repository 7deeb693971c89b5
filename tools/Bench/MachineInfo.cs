using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Bench;

/// <summary>Where a benchmark ran: results from different machines are not comparable, so each report names its own.</summary>
/// <param name="CpuFlags">The vector extensions the CPU has (what ONNX Runtime and .NET pick kernels by).</param>
public sealed record MachineInfo(string CpuModel, int Cores, long MemoryBytes, string Os, string Runtime, string OnnxRuntime, string Tesseract,
    string CpuFlags = "")
{
    private static readonly string[] VectorFlags =
        ["sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512bw", "avx512_vnni", "avx512vbmi", "avx512_bf16", "avx_vnni", "amx_int8", "amx_bf16"];

    public static MachineInfo Collect(string tesseractVersion) => new(
        ReadCpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString(),
        tesseractVersion,
        ReadCpuFlags());

    private static string ReadCpuFlags()
    {
        const string cpuinfo = "/proc/cpuinfo";
        var line = File.Exists(cpuinfo) ? File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal)) : null;
        if (line is null)
            return "";
        var flags = line.Split(':', 2)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        return string.Join(' ', VectorFlags.Where(flags.Contains));
    }

    private static string ReadCpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
            return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
