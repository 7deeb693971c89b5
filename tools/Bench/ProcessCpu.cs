using System.Globalization;

namespace Fleet.Bench;

/// <summary>
/// CPU time from /proc, in milliseconds: of one process (user + system), of the processes of a server found by name,
/// and of the whole machine, so a benchmark can say which process spent the cores.
/// </summary>
public static class ProcessCpu
{
    // Linux reports CPU times in clock ticks; USER_HZ is 100 on every mainstream kernel build.
    private const double MsPerTick = 10;

    /// <summary>The servers a fleet talks to, each found by a part of its command line.</summary>
    public static readonly IReadOnlyList<(string Name, Func<string, string, bool> Matches)> Servers =
    [
        ("rabbitmq", (comm, cmdline) => comm == "beam.smp" || comm.StartsWith("erl_child", StringComparison.Ordinal) || comm == "epmd"),
        ("postgres", (comm, _) => comm == "postgres"),
        ("s3rver", (comm, cmdline) => comm == "node" && cmdline.Contains("s3rver", StringComparison.Ordinal)),
    ];

    /// <summary>User + system CPU of the process, or null once it is gone.</summary>
    public static double? OfProcess(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name may hold spaces and parentheses: fields are counted after its closing one.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // After the name: state is field 3, utime 14 and stime 15 (man proc), so index 11 and 12 here.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * MsPerTick;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>CPU so far of every process of each server, by process id (a server's processes may come and go).</summary>
    public static Dictionary<string, Dictionary<int, double>> OfServers()
    {
        var result = Servers.ToDictionary(s => s.Name, _ => new Dictionary<int, double>());
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            string comm, cmdline;
            try
            {
                comm = File.ReadAllText(Path.Combine(directory, "comm")).Trim();
                cmdline = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var (name, matches) in Servers)
            {
                if (matches(comm, cmdline) && OfProcess(pid) is { } cpu)
                    result[name][pid] = cpu;
            }
        }
        return result;
    }

    /// <summary>CPU each server spent between two <see cref="OfServers"/> readings; a process new in the second counts whole.</summary>
    public static Dictionary<string, double> Spent(Dictionary<string, Dictionary<int, double>> before, Dictionary<string, Dictionary<int, double>> after) =>
        after.ToDictionary(s => s.Key, s => s.Value.Sum(p => p.Value - before[s.Key].GetValueOrDefault(p.Key)));

    /// <summary>Busy and total CPU of the whole machine so far (all cores), from the first line of /proc/stat.</summary>
    public static (double BusyMs, double TotalMs) OfMachine()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // user nice system idle iowait irq softirq steal (guest time is already inside user).
        var total = fields.Take(8).Sum();
        var idle = fields[3] + fields[4];
        return ((total - idle) * MsPerTick, total * MsPerTick);
    }
}
