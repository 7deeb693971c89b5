using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Fleet.Cli.Bench;

/// <summary>Where a benchmark ran: results from different machines are not comparable, so each report names its own.</summary>
public sealed record MachineInfo(string CpuModel, int Cores, long MemoryBytes, string Os, string Runtime, string OnnxRuntime, string Tesseract)
{
    public static MachineInfo Collect(string tesseractVersion) => new(
        ReadCpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        OrtEnv.Instance().GetVersionString(),
        tesseractVersion);

    private static string ReadCpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo))
            return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
