using System.Diagnostics;
using Fleet.Cli.Serve;

namespace Fleet.Bench;

/// <summary>
/// One <c>fleet serve --role ...</c> process of this same CLI, started the way an operator starts one, with its output
/// in a log file; ready once <c>/health/ready</c> answers 200.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process process;

    private ServeProcess(string name, Process process, Uri url, string logPath) => (Name, this.process, Url, LogPath) = (name, process, url, logPath);

    public string Name { get; }

    public Uri Url { get; }

    public string LogPath { get; }

    public int Pid => process.Id;

    public static async Task<ServeProcess> StartAsync(string name, string roles, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var url = new Uri($"http://127.0.0.1:{ReadinessProbe.FreeLoopbackPort()}");
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{name}.log");
        // The fleet's processes are the `fleet` CLI the bench was built with (fleet.dll beside this tool), as an operator runs them.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Fleet.Cli.EmbeddedFleet).Assembly.Location);
        foreach (var argument in new[] { "serve", "--role", roles, "--urls", url.ToString().TrimEnd('/') })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new ServeProcess(name, process, url, logPath);
        try
        {
            await ReadinessProbe.WaitAsync(name, process, url, TimeSpan.FromSeconds(120), () => $"see {logPath}");
        }
        catch
        {
            // Not handed to the caller, so nobody else stops it: a process left running would compete for the next
            // batch's messages and CPU.
            await started.DisposeAsync();
            throw;
        }
        return started;
    }

    /// <summary>SIGTERM, as an operator stops it, then a kill if it has not ended within <paramref name="within"/>.</summary>
    public async Task StopAsync(TimeSpan within)
    {
        if (process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
