using System.Net.Http.Json;
using Fleet.Infrastructure.Telemetry;
using Fleet.Tests.Api;
using Fleet.Tests.Support;

namespace Fleet.Tests.Operations;

/// <summary>
/// <c>/metrics</c> scraped before, during and after a real batch on <c>fleet serve</c> (every role, in-memory bus): the
/// counters and histograms move by the batch's pages and documents, the chunk queue's depth is seen above zero while
/// it runs, and every metric Fleet's dashboard and alerts name is exported.
/// </summary>
public sealed class MetricsScrapeTests : FleetServerFixture
{
    // One chunk at a time whatever the machine's cores, so the batch below lasts long enough to be scraped running.
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Fleet:Worker:ChunkConcurrency"] = "1",
    };

    [Test]
    public async Task Counters_and_histograms_move_with_the_pages_of_a_batch()
    {
        AddInput("letter-a.pdf", TestPdfs.BornDigital(["Metrics letter A, page one, has a text layer."], ["Metrics letter A, page two."]));
        AddInput("letter-b.pdf", TestPdfs.BornDigital(["Metrics letter B has one page with a text layer."]));
        // Twenty 300-DPI OCR chunks, one at a time (the test takes about 10 s on two EPYC cores), so that the scrapes
        // every 50 ms see the chunk queue hold some and the worker run one on a fast machine too (six 150-DPI chunks two
        // at a time were all done before a scrape saw them on CI).
        const int scanned = 20;
        AddInput("scan.pdf", TestPdfs.Scanned(300, [.. Enumerable.Range(1, scanned).Select(i => new[] { $"Scanned page {i} for the metrics test." })]));
        AddInput("broken.pdf", TestPdfs.Truncated());
        var before = await Scrape();

        using var submitted = await Client.PostAsJsonAsync("/batches",
            new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName, chunkPages = 1 });
        var batch = (await submitted.Content.ReadFromJsonAsync<BatchAcceptedBody>())!;
        var status = WaitForEnd(new Uri(batch.StatusUrl, UriKind.Relative));
        double deepest = 0, busiest = 0;
        while (!status.IsCompleted)
        {
            var during = await Scrape();
            deepest = Math.Max(deepest, during.Sum("fleet_queue_depth", ("queue", "process-page-chunk")));
            busiest = Math.Max(busiest, during.Sum("fleet_worker_chunks_in_flight"));
            await Task.Delay(50);
        }
        Assert.That((await status).State, Is.EqualTo("Completed"));
        var after = await Scrape();

        double Moved(string name, params (string, string)[] labels) => after.Sum(name, labels) - before.Sum(name, labels);
        Assert.Multiple(() =>
        {
            Assert.That(Moved("fleet_pages_total", ("source", "text-layer"), ("outcome", "succeeded")), Is.EqualTo(3), "text-layer pages");
            Assert.That(Moved("fleet_pages_total", ("source", "ocr"), ("outcome", "succeeded")), Is.EqualTo(scanned), "OCR pages");
            Assert.That(Moved("fleet_documents_total", ("status", "succeeded")), Is.EqualTo(3));
            Assert.That(Moved("fleet_documents_total", ("status", "failed")), Is.EqualTo(1));
            Assert.That(Moved("fleet_ocr_confidence_count"), Is.EqualTo(scanned), "one confidence per OCR page");
            Assert.That(Moved("fleet_stage_seconds_count", ("stage", "recognise")), Is.EqualTo(scanned), "one OCR chunk per scanned page");
            Assert.That(Moved("fleet_stage_seconds_count", ("stage", "render")), Is.EqualTo(scanned));
            Assert.That(Moved("fleet_stage_seconds_count", ("stage", "text-layer")), Is.GreaterThanOrEqualTo(2));
            Assert.That(Moved("fleet_stage_seconds_count", ("stage", "inspect")), Is.EqualTo(3), "three documents opened; the truncated one is rejected first");
            Assert.That(Moved("fleet_stage_seconds_sum", ("stage", "recognise")), Is.GreaterThan(0));
            Assert.That(deepest, Is.GreaterThan(0), "the chunk queue held the scanned pages' chunks while they ran");
            Assert.That(busiest, Is.GreaterThan(0), "a chunk was in flight on the worker");
            Assert.That(after.Sum("fleet_worker_chunks_in_flight"), Is.Zero);
            Assert.That(after.Sum("fleet_queue_consumers", ("queue", "process-page-chunk")), Is.EqualTo(1));
            Assert.That(after.Has("fleet_batches_in_flight"), Is.True);
        });
    }

    [Test]
    public async Task Every_metric_Fleet_names_is_exported()
    {
        AddInput("letter.pdf", TestPdfs.BornDigital(["One page, so that every instrument has been created."]));
        using var submitted = await Client.PostAsJsonAsync("/batches", new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName });
        var batch = (await submitted.Content.ReadFromJsonAsync<BatchAcceptedBody>())!;
        await WaitForEnd(new Uri(batch.StatusUrl, UriKind.Relative));
        var names = (await Scrape()).Names.ToHashSet();

        // Counters of events that did not happen here (retries, error-queue moves) appear once they first count.
        var expected = FleetMetrics.Exported.Except(["fleet_message_retries_total", "fleet_error_queue_moves_total", "fleet_low_confidence_pages_total"]);
        Assert.That(expected.Where(n => !names.Contains(n) && !names.Contains(n + "_count")), Is.Empty);
        Assert.That(names.Where(n => n.StartsWith("fleet_", StringComparison.Ordinal)).Except(FleetMetrics.Exported)
            .Where(n => !FleetMetrics.Exported.Any(e => n.StartsWith(e + "_", StringComparison.Ordinal))), Is.Empty, "every fleet_ metric is in FleetMetrics.Exported");
    }

    /// <summary>
    /// MassTransit keeps its instruments in statics, bound to the first bus of a process, so this is checked on a
    /// <c>fleet serve</c> process of its own, as it runs in production.
    /// </summary>
    [Test]
    public async Task A_fleet_process_exports_MassTransit_and_the_runtime_meters_too()
    {
        AddInput("letter.pdf", TestPdfs.BornDigital(["A page for a process of its own."]));
        var port = FreePort();
        using var process = FleetCli.Start([], "serve", "--urls", $"http://127.0.0.1:{port}");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            while (!await Answers(client, "/health", timeout.Token))
                await Task.Delay(200, timeout.Token);
            using var submitted = await client.PostAsJsonAsync("/batches", new { inputBucket = Input.FullName, inputPrefix = "", outputBucket = Output.FullName },
                timeout.Token);
            var batch = (await submitted.Content.ReadFromJsonAsync<BatchAcceptedBody>(timeout.Token))!;
            while ((await client.GetFromJsonAsync<BatchStatusBody>(batch.StatusUrl, timeout.Token))!.State != "Completed")
                await Task.Delay(200, timeout.Token);
            var names = new PrometheusText(await client.GetStringAsync("/metrics", timeout.Token)).Names.ToList();

            Assert.That(names, Has.Some.StartsWith("messaging_masstransit_consume"), "MassTransit's meter");
            Assert.That(names, Has.Some.StartsWith("dotnet_gc_"), "the .NET runtime's meter");
            Assert.That(names, Has.Some.StartsWith("http_server_request_duration_seconds"), "ASP.NET Core's meter");
            Assert.That(names, Does.Contain("fleet_pages_total"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> Answers(HttpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(path, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<PrometheusText> Scrape() => new(await Client.GetStringAsync("/metrics"));
}
