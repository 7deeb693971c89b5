using System.Diagnostics;
using Fleet.Cli.Serve;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>
/// One real <c>fleet serve --role ...</c> process, started from the built CLI with the services' environment, the
/// way an operator starts one. Its output goes to a log file under artifacts/fleet-processes/ for post-mortems.
/// </summary>
public sealed class FleetProcess : IAsyncDisposable
{
    private readonly Process _process;

    private FleetProcess(string name, Process process, Uri url, string logPath) =>
        (Name, _process, Url, LogPath) = (name, process, url, logPath);

    public string Name { get; }

    public Uri Url { get; }

    public string LogPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Starts the process and waits until <c>/health/ready</c> answers 200 (the worker's engine has loaded).</summary>
    public static async Task<FleetProcess> StartAsync(string name, string roles, IReadOnlyDictionary<string, string>? settings = null,
        bool waitUntilReady = true, TimeSpan? readyWithin = null)
    {
        var url = new Uri($"http://127.0.0.1:{ReadinessProbe.FreeLoopbackPort()}");
        var logDirectory = Path.Combine(RepoRoot.Path, "artifacts", "fleet-processes");
        Directory.CreateDirectory(logDirectory);
        var logPath = Path.Combine(logDirectory, $"{DateTime.UtcNow:HHmmss}-{name}.log");

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { RepoRoot.FleetDll, "serve", "--role", roles, "--urls", url.ToString().TrimEnd('/'), "--verbose" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in FleetServices.Environment)
            start.Environment[key] = value;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.Exited += (_, _) => { lock (log) log.Dispose(); };
        process.EnableRaisingEvents = true;

        var fleetProcess = new FleetProcess(name, process, url, logPath);
        if (waitUntilReady)
            await ReadinessProbe.WaitAsync(name, process, url, readyWithin ?? TimeSpan.FromSeconds(120), () => $"see {logPath}:\n{fleetProcess.Tail()}");
        return fleetProcess;
    }

    /// <summary><c>kill -9</c>: no shutdown, no acknowledgement, no flush; what a crash or an OOM kill does.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, what an autoscaler or a deploy sends, and wait for the process to end by itself.</summary>
    public async Task TerminateAsync(TimeSpan within)
    {
        if (_process.HasExited)
            return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(timeout.Token);
    }

    public int ExitCode => _process.ExitCode;

    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var all = new StreamReader(stream).ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
