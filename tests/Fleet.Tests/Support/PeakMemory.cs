using System.Diagnostics;

namespace Fleet.Tests.Support;

/// <summary>
/// The process's peak resident memory. Linux lets a process reset its own high-water mark (writing 5 to
/// /proc/self/clear_refs), so one test case can be measured on its own; elsewhere the peak covers the whole run.
/// </summary>
public static class PeakMemory
{
    /// <summary>Resets the high-water mark to the current resident size; false where the platform cannot.</summary>
    public static bool TryReset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident bytes since start or the last reset (VmHWM).</summary>
    public static long PeakBytes() => ReadStatusKb("VmHWM:") * 1024 is var bytes and > 0
        ? bytes
        : Process.GetCurrentProcess().PeakWorkingSet64;

    /// <summary>Resident bytes now (VmRSS).</summary>
    public static long CurrentBytes() => ReadStatusKb("VmRSS:") * 1024 is var bytes and > 0
        ? bytes
        : Process.GetCurrentProcess().WorkingSet64;

    public static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):N0} MB";

    private static long ReadStatusKb(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
