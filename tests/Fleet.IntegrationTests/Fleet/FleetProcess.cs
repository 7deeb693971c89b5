using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

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
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
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
            await fleetProcess.WaitUntilReadyAsync(readyWithin ?? TimeSpan.FromSeconds(120));
        return fleetProcess;
    }

    private async Task WaitUntilReadyAsync(TimeSpan within)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + within;
        string last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready; see {LogPath}:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(new Uri(Url, "/health/ready"));
                if (response.StatusCode == HttpStatusCode.OK)
                    return;
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} was not ready within {within} (last answer {last}); see {LogPath}:\n{Tail()}");
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
