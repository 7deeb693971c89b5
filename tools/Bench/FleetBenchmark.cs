using Fleet.Contracts.Results;

namespace Fleet.Bench;

/// <summary>
/// <c>fleet bench fleet</c>: the fleet's own cost per document (messages, sagas, storage), on text-layer PDFs that
/// need no OCR. For each batch size and page count the same documents run distributed (real <c>fleet serve</c>
/// processes on RabbitMQ, the database and S3) and embedded (<c>fleet run</c>'s in-memory composition), one after
/// the other in one run, so load from other work on a shared machine hits both alike.
/// </summary>
public static class FleetBenchmark
{
    public const string Distributed = "distributed";
    public const string Embedded = "embedded";

    /// <summary>Pages per work item: the fleet's default, so ten-page documents are two chunks.</summary>
    private const int ChunkPages = 8;

    public sealed record Request(IReadOnlyList<int> Documents, IReadOnlyList<int> Pages, int Workers, int MaxActiveDocuments, int WarmUpDocuments,
        DirectoryInfo Output);

    public static async Task<int> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var environment = FleetBenchEnvironment.Build(request.MaxActiveDocuments);
        var work = Path.Combine(request.Output.Parent?.FullName ?? request.Output.FullName, "work", "fleet");
        var machine = MachineInfo.Collect("-");
        var settings = new Dictionary<string, string>
        {
            ["database (Fleet__Database__Kind)"] = environment[FleetBenchEnvironment.DatabaseKind],
            ["bus"] = $"RabbitMq {environment["Fleet__Bus__RabbitMq__Host"]}:{environment["Fleet__Bus__RabbitMq__Port"]}",
            ["storage"] = $"S3 {environment["Fleet__Storage__S3__ServiceUrl"]}",
            ["workers"] = $"{request.Workers} worker process(es), default chunk concurrency",
            ["Fleet__Orchestrator__MaxActiveDocuments"] = $"{request.MaxActiveDocuments} (both modes; the default is 8)",
            ["batch"] = $"mode text, {ChunkPages} pages per chunk",
            ["warm-up"] = request.WarmUpDocuments > 0
                ? $"an untimed batch of {request.WarmUpDocuments} other documents of the same shape first, in the same processes (both modes)"
                : "none: the figures include the processes' warm-up (just-in-time compilation, first connections)",
            ["commit"] = FleetBenchEnvironment.Commit(),
        };
        Console.WriteLine($"Fleet overhead benchmark: {string.Join(", ", settings.Select(s => $"{s.Key} {s.Value}"))}");

        var rows = new List<FleetBenchRow>();
        foreach (var pages in request.Pages)
        {
            foreach (var documents in request.Documents)
            {
                Console.WriteLine($"{documents} documents x {pages} page(s): writing and uploading the inputs...");
                using var inputs = await FleetBenchInputs.CreateAsync(documents, pages, 0, work, environment, cancellationToken);
                using var warmUp = request.WarmUpDocuments > 0
                    ? await FleetBenchInputs.CreateAsync(request.WarmUpDocuments, pages, documents, work, environment, cancellationToken)
                    : null;
                var logs = Path.Combine(work, "logs", $"{started:yyyyMMdd-HHmmss}-{documents}x{pages}");
                rows.Add(await Measure(Distributed, documents, pages, () =>
                    DistributedBatch.RunAsync(inputs, warmUp, documents, pages, request.Workers, ChunkPages, environment, logs, cancellationToken)));
                rows.Add(await Measure(Embedded, documents, pages, () =>
                    EmbeddedBatch.RunAsync(inputs, warmUp, documents, pages, request.MaxActiveDocuments, ChunkPages, cancellationToken)));
                await inputs.DeleteAsync();
                if (warmUp is not null)
                    await warmUp.DeleteAsync();
            }
        }

        var report = new FleetBenchReport(started, machine, settings, rows, FleetBenchTarget.Evaluate(rows));
        report.Save(request.Output.FullName);
        Console.WriteLine();
        Console.WriteLine(report.Table());
        Console.WriteLine(report.CpuTable());
        Console.WriteLine(report.TargetList());
        Console.WriteLine($"Results: {Path.Combine(request.Output.FullName, $"fleet-{started:yyyyMMdd-HHmmss}")}.md (and .json).");
        return rows.All(r => r.Valid) ? 0 : 1;
    }

    /// <summary>A row from a completed batch: its speed counts only when every document succeeded, none reused.</summary>
    public static FleetBenchRow Row(string mode, int documents, int pages, double wallMs, double fleetCpuMs, IReadOnlyDictionary<string, double> cpuMs, Manifest manifest)
    {
        var totals = manifest.Totals;
        var error = totals.Succeeded != documents || totals.Failed > 0
            ? $"{totals.Failed} of {totals.Documents} documents failed ({manifest.Documents.FirstOrDefault(d => d.Reason is not null)?.Reason ?? "no reason"})"
            : totals.Reused > 0 ? $"{totals.Reused} documents were reused, not processed"
            : totals.Pages.Total != documents * pages ? $"{totals.Pages.Total} pages, not {documents * pages}"
            : null;
        return new FleetBenchRow(mode, documents, pages, totals.Succeeded, totals.Failed, totals.Reused, totals.Pages.Total, wallMs, totals.ElapsedMs,
            fleetCpuMs, cpuMs, error);
    }

    private static async Task<FleetBenchRow> Measure(string mode, int documents, int pages, Func<Task<FleetBenchRow>> run)
    {
        FleetBenchRow row;
        try
        {
            row = await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            row = new FleetBenchRow(mode, documents, pages, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, double>(), $"{e.GetType().Name}: {e.Message}");
        }
        Console.WriteLine(row.Valid
            ? $"  {mode}: {row.DocumentsPerSecond:F1} documents/s, {row.PagesPerSecond:F1} pages/s, {row.WallMsPerDocument:F2} ms and {row.CpuMsPerDocument:F2} CPU-ms per document"
            : $"  {mode}: {row.Error}");
        return row;
    }
}
