using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Fleet.Tests.Api;
using Fleet.Tests.Support;

namespace Fleet.Tests.Operations;

/// <summary>
/// <c>fleet status --once</c> as an operator types it, against a real <c>fleet serve</c> with API keys: it prints the
/// dashboard feed's numbers (queues, workers, the batch with its pages and failures, done at the end), and ends with
/// one line and its own exit code when the API is not there or refuses the key.
/// </summary>
public sealed partial class StatusCommandTests : FleetServerFixture
{
    private const string Key = "status-test-key";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Api:Keys:0:Key"] = Key,
        ["Fleet:Api:Keys:0:Tenant"] = "operators",
        // One chunk at a time whatever the machine's cores, so the batch below lasts long enough to be seen running.
        ["Fleet:Worker:ChunkConcurrency"] = "1",
    };

    [Test]
    public async Task Once_prints_the_queues_workers_and_the_batch_with_its_progress_and_failures()
    {
        // Forty OCR chunks at 300 DPI, one at a time (the test takes about 19 s on two EPYC cores; six at 200 DPI two at
        // a time were all done before the first reading on CI), so the two-second overview and the status runs (about a
        // second each) see the batch before its end; one input is broken.
        for (var i = 0; i < 20; i++)
            AddInput($"scan-{i}.pdf", TestPdfs.Scanned(300, [$"Scanned page {i} for fleet status."], [$"Its second page, {i}."]));
        AddInput("broken.pdf", TestPdfs.Truncated());
        Client.DefaultRequestHeaders.Remove("X-Api-Key");
        Client.DefaultRequestHeaders.Add("X-Api-Key", Key);
        using var submitted = await Client.PostAsJsonAsync("/batches",
            new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName, mode = "ocr", chunkPages = 1, tag = "status-test" });
        var batch = (await submitted.Content.ReadFromJsonAsync<BatchAcceptedBody>())!;

        var running = await StatusUntil(batch.BatchId, line => !line.Contains("done", StringComparison.Ordinal));
        var done = await StatusUntil(batch.BatchId, line => line.Contains("done", StringComparison.Ordinal));

        Assert.That(running.Output, Does.Contain("tenant operators"));
        Assert.That(running.Output, Does.Match(@"process-page-chunk\s+\d+\s+\d+\s+1\s+\d+\.\d"), "the chunk queue with its one consumer");
        Assert.That(running.Output, Does.Contain("pages/s").And.Contain("failures/s").And.Contain("error queue").And.Contain("workers 1"));
        var end = BatchRow().Match(done.Line);
        Assert.That(end.Success, Is.True, done.Output);
        Assert.Multiple(() =>
        {
            Assert.That(end.Groups["tag"].Value, Is.EqualTo("status-test"));
            Assert.That(end.Groups["state"].Value, Is.EqualTo("Completed"));
            Assert.That(end.Groups["documents"].Value, Is.EqualTo("21/21"));
            Assert.That(end.Groups["failed"].Value, Is.EqualTo("1"), "the broken input");
            Assert.That(end.Groups["pages"].Value, Is.EqualTo("40/40"));
            Assert.That(end.Groups["percent"].Value, Is.EqualTo("100"));
        });
        var runningRow = BatchRow().Match(running.Line);
        Assert.That(runningRow.Success, Is.True, running.Output);
        Assert.That(runningRow.Groups["state"].Value, Is.Not.EqualTo("Completed"));
        Assert.That(int.Parse(runningRow.Groups["pages"].Value.Split('/')[0]), Is.LessThan(40), "the first reading saw the batch before its end");
    }

    [Test]
    public async Task A_wrong_key_ends_with_exit_code_4_and_one_line()
    {
        var (exit, stdout, stderr) = await Fleet("status", "--once", "--api", Client.BaseAddress!.ToString(), "--api-key", "not-the-key");

        Assert.That(exit, Is.EqualTo(4), stdout + stderr);
        Assert.That(stderr.Trim(), Does.StartWith("error:").And.Contain("does not accept this API key"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task No_key_for_an_api_that_needs_one_says_how_to_pass_it()
    {
        var (exit, _, stderr) = await Fleet("status", "--once", "--api", Client.BaseAddress!.ToString());

        Assert.That(exit, Is.EqualTo(4));
        Assert.That(stderr, Does.Contain("--api-key").And.Contain("FLEET_API_KEY"));
    }

    [Test]
    public async Task An_unreachable_api_ends_with_exit_code_3_and_one_line()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var (exit, _, stderr) = await Fleet("status", "--once", "--api", $"http://127.0.0.1:{port}", "--api-key", Key);

        Assert.That(exit, Is.EqualTo(3));
        Assert.That(stderr.Trim(), Does.StartWith($"error: cannot reach the API at http://127.0.0.1:{port}/"));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Not.Contain("   at "));
    }

    /// <summary>Runs <c>fleet status --once</c> until the batch's row satisfies <paramref name="until"/>.</summary>
    private async Task<(string Output, string Line)> StatusUntil(Guid batchId, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        var output = "";
        while (DateTime.UtcNow < deadline)
        {
            var (exit, stdout, stderr) = await Fleet("status", "--once", "--api", Client.BaseAddress!.ToString(), "--api-key", Key);
            Assert.That(exit, Is.Zero, stdout + stderr);
            output = stdout;
            if (stdout.Split('\n').FirstOrDefault(l => l.Contains(batchId.ToString(), StringComparison.Ordinal)) is { } line && until(line))
                return (stdout, line);
            await Task.Delay(250);
        }
        Assert.Fail($"fleet status never showed batch {batchId} as expected; last output:\n{output}");
        return default;
    }

    private static Task<(int Exit, string Stdout, string Stderr)> Fleet(params string[] args) =>
        FleetCli.RunAsync(TimeSpan.FromMinutes(1), [("FLEET_API_KEY", null)], args);

    // batch-id  tag  state  done/documents  failed  done/total  bar  NN%  ETA
    [GeneratedRegex(@"^\s*[0-9a-f-]{36}\s+(?<tag>\S+)\s+(?<state>\S+)\s+(?<documents>\d+/\d+)\s+(?<failed>\d+)\s+(?<pages>\d+/\d+)\s+\S*\s*(?<percent>\d+)%")]
    private static partial Regex BatchRow();
}
