using System.Diagnostics;
using System.Text.Json;
using Fleet.Cli.Watch;
using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.Tests.EndToEnd;

/// <summary>
/// <c>fleet watch</c> as a user runs it, a real process on a real folder: a PDF written slowly is read once it is
/// whole, each file is done once, and a restart does only what is new.
/// </summary>
public sealed class WatchTests
{
    private DirectoryInfo _root = null!;
    private string _input = "", _output = "";

    [SetUp]
    public void CreateFolders()
    {
        _root = Directory.CreateTempSubdirectory("fleet-watch-");
        _input = _root.CreateSubdirectory("in").FullName;
        _output = Path.Combine(_root.FullName, "out");
    }

    [TearDown]
    public void RemoveFolders() => _root.Delete(recursive: true);

    [Test]
    public async Task A_pdf_written_slowly_is_read_once_it_is_whole_and_only_once()
    {
        await using var watch = await Watch.StartAsync(_input, _output);
        await File.WriteAllBytesAsync(Path.Combine(_input, "first.pdf"), TestPdfs.BornDigital(["The first file, written at once."]));
        await WaitForFile("first.txt", watch);

        // Half a PDF, a pause longer than the settle time (1 s), then the rest: an early read would fail it as damaged.
        var slow = TestPdfs.BornDigital(["Written slowly, in two halves."], ["Its second page."]);
        await using (var writer = new FileStream(Path.Combine(_input, "slow.pdf"), FileMode.CreateNew))
        {
            await writer.WriteAsync(slow.AsMemory(0, slow.Length / 2));
            await writer.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(3.5));
            await writer.WriteAsync(slow.AsMemory(slow.Length / 2));
        }
        await WaitForFile("slow.txt", watch);
        await Task.Delay(TimeSpan.FromSeconds(3)); // time enough for a second, wrong batch of it
        var stdout = await watch.StopAsync();

        Assert.That(watch.ExitCode, Is.Zero, stdout);
        Assert.That(await File.ReadAllTextAsync(Path.Combine(_output, "slow.txt")), Does.Contain("Written slowly, in two halves.").And.Contain("Its second page."));
        var documents = Manifests().SelectMany(m => m.Documents).ToList();
        Assert.That(documents.Select(d => d.Key), Is.EquivalentTo(new[] { "first.pdf", "slow.pdf" }), "each file in one batch, once");
        Assert.That(documents.Select(d => d.Status), Has.All.EqualTo(DocumentStatus.Succeeded));
        Assert.That(stdout, Does.Contain("slow.pdf: done").And.Contain("2 pages"));
    }

    [Test]
    public async Task A_restarted_watch_does_only_the_files_that_are_new_or_changed()
    {
        await File.WriteAllBytesAsync(Path.Combine(_input, "a.pdf"), TestPdfs.BornDigital(["Alpha was there before the watch."]));
        Directory.CreateDirectory(Path.Combine(_input, "sub"));
        await File.WriteAllBytesAsync(Path.Combine(_input, "sub", "b.pdf"), TestPdfs.BornDigital(["Bravo sits in a sub-folder."]));
        await using (var first = await Watch.StartAsync(_input, _output, "--recursive"))
        {
            // Their text lands before their batch ends; the state records them once it has.
            await WaitUntil(() => Finished("a.pdf") && Finished("sub/b.pdf"), first);
            await first.StopAsync();
        }

        // While it is stopped: a new file, and one of the finished ones written again with other content.
        await File.WriteAllBytesAsync(Path.Combine(_input, "c.pdf"), TestPdfs.BornDigital(["Charlie came while nobody watched."]));
        await File.WriteAllBytesAsync(Path.Combine(_input, "sub", "b.pdf"), TestPdfs.BornDigital(["Bravo, second edition."]));
        await using var second = await Watch.StartAsync(_input, _output, "--recursive");
        await WaitUntil(() => Finished("c.pdf") && File.ReadAllText(Path.Combine(_output, "sub", "b.txt")).Contains("second edition"), second);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stdout = await second.StopAsync();

        var manifests = Manifests();
        Assert.That(manifests.Sum(m => m.Documents.Count), Is.EqualTo(4), "a and b, then c and the new b: a is not done again");
        Assert.That(manifests.SelectMany(m => m.Documents).Count(d => d.Key == "a.pdf"), Is.EqualTo(1));
        Assert.That(stdout, Does.Contain("2 files done earlier"));
        using var state = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_output, WatchState.FileName)));
        var files = state.RootElement.GetProperty("files");
        Assert.That(files.EnumerateObject().Select(f => f.Name), Is.EquivalentTo(new[] { "a.pdf", "sub/b.pdf", "c.pdf" }));
        Assert.That(files.EnumerateObject().Select(f => f.Value.GetProperty("status").GetString()), Has.All.EqualTo("succeeded"));
    }

    /// <summary>True once the watch's state records <paramref name="key"/> as finished.</summary>
    private bool Finished(string key)
    {
        var path = Path.Combine(_output, WatchState.FileName);
        if (!File.Exists(path))
            return false;
        using var state = JsonDocument.Parse(File.ReadAllText(path));
        return state.RootElement.GetProperty("files").TryGetProperty(key, out _);
    }

    private List<Manifest> Manifests() =>
        Directory.GetFiles(Path.Combine(_output, "runs"), "manifest.json", SearchOption.AllDirectories)
            .Select(path => ResultJson.Deserialize<Manifest>(File.ReadAllBytes(path))).ToList();

    private Task WaitForFile(string relative, Watch watch) => WaitUntil(() => File.Exists(Path.Combine(_output, relative)), watch);

    private static async Task WaitUntil(Func<bool> condition, Watch watch)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline || watch.HasExited)
                Assert.Fail($"not there in time (watch {(watch.HasExited ? "exited" : "running")}):\n{watch.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>A running <c>fleet watch</c>, stopped with SIGTERM as a service manager stops it.</summary>
    private sealed class Watch : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private Watch(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public static Task<Watch> StartAsync(string folder, string output, params string[] more)
        {
            string[] args = ["watch", folder, "--output", output, "--settle", "1", .. more];
            return Task.FromResult(new Watch(FleetCli.Start([], args)));
        }

        /// <summary>SIGTERM, then the process's own output once it has ended.</summary>
        public async Task<string> StopAsync()
        {
            if (!_process.HasExited)
            {
                using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]))
                    await kill.WaitForExitAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
            }
            return Output;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
