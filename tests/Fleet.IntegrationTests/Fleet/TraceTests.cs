using Fleet.Contracts.Results;
using Fleet.Tests.Support;

namespace Fleet.IntegrationTests.Fleet;

/// <summary>
/// One trace through the fleet's separate processes: every process exports its spans over OTLP (http/protobuf) to a
/// receiver this test runs, and the worker's chunk span must lead back, parent by parent, through the orchestrator's
/// consume spans (W3C trace context in the message headers, through the outbox too) to the API's POST /batches span.
/// </summary>
[NonParallelizable]
public sealed class TraceTests : FleetCluster
{
    private static readonly TimeSpan BatchTimeout = TimeSpan.FromMinutes(3);
    private readonly OtlpTraceReceiver receiver = new();

    public TraceTests()
    {
        Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString().TrimEnd('/');
        Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Export every half second instead of every five, so the test does not wait long for the last spans.
        Settings["OTEL_BSP_SCHEDULE_DELAY"] = "500";
    }

    protected override int Workers => 1;

    [OneTimeTearDown]
    public void StopReceiver() => receiver.Dispose();

    [Test]
    public async Task One_trace_leads_from_the_API_request_through_the_orchestrator_to_the_worker_s_chunk()
    {
        await Put("traced/scan.pdf", TestPdfs.Scanned(150, ["A scanned page followed by one trace."]));

        var batchId = await Submit("traced/");
        var status = await WaitForEnd(batchId, BatchTimeout);
        Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("Completed"), Logs());
        var manifest = await ReadManifest("traced/", batchId);
        Assert.That(manifest.Totals.Pages.Ocr, Is.EqualTo(1));
        Assert.That(manifest.Cost!.SecondsByStage[StageNames.Recognise], Is.GreaterThan(0), "the fleet's manifest has its cost too");
        Assert.That(manifest.Cost.PagesBySource[PageSource.Ocr], Is.EqualTo(1));

        // The batch group's route is "/batches/"; GET /batches/{batchId} is the polling.
        var request = await WaitForSpan(s => s.Kind == SpanKind.Server && s.Name.TrimEnd('/') == "POST /batches");
        var chunk = await WaitForSpan(s => s.TraceId == request.TraceId && s.Roles == "worker" && s.Kind == SpanKind.Consumer
                                           && Mentions(s, "process-page-chunk", "ProcessPageChunk"));

        // Every span of the trace is in (the exporters flush every half second): walk from the chunk up to the root.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var trace = receiver.Spans.Where(s => s.TraceId == request.TraceId).GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var chain = new List<ReceivedSpan> { chunk };
        while (chain[^1].ParentSpanId.Length > 0)
        {
            Assert.That(trace.TryGetValue(chain[^1].ParentSpanId, out var parent), Is.True,
                $"the parent {chain[^1].ParentSpanId} of '{chain[^1].Name}' ({chain[^1].Roles}) is a span of the same trace\n{Describe(chain)}");
            chain.Add(parent!);
        }

        TestContext.Out.WriteLine(Describe(chain));
        Assert.That(chain[^1].SpanId, Is.EqualTo(request.SpanId), $"the chain's root is the API's request\n{Describe(chain)}");
        Assert.That(chain.Any(s => s.Roles.Contains("orchestrator", StringComparison.Ordinal) && s.Kind == SpanKind.Consumer
                                   && Mentions(s, "submit-batch", "SubmitBatch")), Is.True,
            $"the orchestrator's consume of SubmitBatch is on the way\n{Describe(chain)}");
        Assert.That(chain.Any(s => s.Roles.Contains("orchestrator", StringComparison.Ordinal) && s.Kind == SpanKind.Consumer
                                   && Mentions(s, "document-state", "DocumentState")), Is.True,
            $"the document saga is on the way\n{Describe(chain)}");
        Assert.That(chain.Select(s => s.Resource.GetValueOrDefault("service.instance.id")).Distinct().Count(), Is.GreaterThanOrEqualTo(2),
            "the chain crosses processes");
    }

    /// <summary>Whether the span's name or an attribute (MassTransit's consumer or saga type, the queue) names one of <paramref name="words"/>.</summary>
    private static bool Mentions(ReceivedSpan span, params string[] words) =>
        words.Any(w => span.Name.Contains(w, StringComparison.Ordinal) || span.Attributes.Values.Any(v => v.Contains(w, StringComparison.Ordinal)));

    private async Task<ReceivedSpan> WaitForSpan(Func<ReceivedSpan, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (receiver.Spans.FirstOrDefault(match) is { } span)
                return span;
            await Task.Delay(250);
        }
        var names = receiver.Spans.Select(s => $"{s.Kind} {s.Name} ({s.Roles})").Distinct().Take(60);
        Assert.Fail($"no such span among {receiver.Spans.Count} received in {receiver.Requests} requests:\n{string.Join('\n', names)}\n{Logs()}");
        return null!;
    }

    private static string Describe(IEnumerable<ReceivedSpan> chain) =>
        string.Join('\n', chain.Select(s => $"  {s.Kind,-8} {s.Name} [{s.Roles}] span {s.SpanId} parent {s.ParentSpanId} " +
                                            string.Join(' ', s.Attributes.Where(a => a.Key.StartsWith("messaging", StringComparison.Ordinal)).Select(a => $"{a.Key}={a.Value}"))));
}
