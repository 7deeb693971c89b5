using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amazon.S3.Model;
using Fleet.Infrastructure.Storage.S3;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fleet.Bench;

/// <summary>
/// <c>fleet bench recognize</c>: <c>POST /recognize</c> latency on a fleet (an api,orchestrator process and one worker
/// on RabbitMQ, the database and S3), first with the fleet idle, then while an OCR batch keeps the worker busy: the
/// requests go to the workers' own queue, so they should not wait behind the batch's chunks. Target: p95 with the
/// batch at most 2x idle.
/// </summary>
public static class RecognizeBenchmark
{
    public sealed record Request(int Requests, int BatchPages, int Dpi, DirectoryInfo Output);

    private sealed record Latencies(string Phase, IReadOnlyList<double> Ms, string Note)
    {
        public double Percentile(double p)
        {
            var sorted = Ms.Order().ToList();
            return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    public static async Task<int> ExecuteAsync(Request request, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var environment = FleetBenchEnvironment.Build(maxActiveDocuments: 8);
        var work = Path.Combine(request.Output.Parent?.FullName ?? request.Output.FullName, "work", "recognize");
        var machine = MachineInfo.Collect("-");
        var loadBefore = LoadAverage();

        var options = new S3StorageOptions().WithEnvironment(name => environment.GetValueOrDefault(name));
        using var client = S3ClientBuilder.Build(options);
        var store = new S3ObjectStore(client, options, NullLogger<S3ObjectStore>.Instance);
        var stem = $"bench-{Guid.NewGuid().ToString("N")[..10]}";
        var (input, output) = (stem + "-in", stem + "-out");
        await client.PutBucketAsync(new PutBucketRequest { BucketName = input }, cancellationToken);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = output }, cancellationToken);
        environment["Fleet__Api__UploadBucket"] = input;
        environment["Fleet__Api__ReadinessBucket"] = input;

        Console.WriteLine($"Recognition latency benchmark: {request.Requests} requests idle and beside an OCR batch of {request.BatchPages} pages, {request.Dpi} DPI scans");
        using var generator = new BenchPageGenerator(request.Dpi);
        byte[] Scan(int index)
        {
            using var page = generator.Generate(index * 4); // single-column pages: the kind a phone or desk scan gives
            return ImagePdfWriter.Write([page.Image]);
        }
        var probe = Scan(0);
        for (var i = 0; i < request.BatchPages; i++)
            await store.WriteAsync(input, $"batch/scan-{i:D3}.pdf", Scan(i + 1), "application/pdf", cancellationToken);

        var processes = new List<ServeProcess>();
        var phases = new List<Latencies>();
        try
        {
            var logs = Path.Combine(work, "logs", $"{started:yyyyMMdd-HHmmss}");
            processes.Add(await ServeProcess.StartAsync("api-orchestrator", "api,orchestrator", environment, logs));
            processes.Add(await ServeProcess.StartAsync("worker-1", "worker", environment, logs));
            using var http = new HttpClient { BaseAddress = processes[0].Url, Timeout = TimeSpan.FromMinutes(2) };

            await Measure(http, probe, 2, cancellationToken); // the first answers load what stays loaded: not counted
            phases.Add(new("idle", await Measure(http, probe, request.Requests, cancellationToken), "nothing else running"));

            using var submitted = await http.PostAsJsonAsync("/batches", new
            {
                inputBucket = input, inputPrefix = "batch/", outputBucket = output, mode = "ocr", chunkPages = 1, dpi = request.Dpi,
            }, cancellationToken);
            submitted.EnsureSuccessStatusCode();
            var batchId = (await submitted.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("batchId").GetGuid();
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken); // chunks on the worker before the first request
            var busy = await Measure(http, probe, request.Requests, cancellationToken);
            var status = await http.GetFromJsonAsync<JsonElement>($"/batches/{batchId}", cancellationToken);
            var state = status.GetProperty("state").GetString();
            var finished = status.GetProperty("finished").GetInt32();
            phases.Add(new("with a batch", busy, state == "Running"
                ? $"batch still Running after the last request ({finished}/{request.BatchPages} pages done)"
                : $"batch {state} before the last request: the figures are partly idle"));
        }
        finally
        {
            foreach (var process in Enumerable.Reverse(processes))
            {
                await process.StopAsync(TimeSpan.FromSeconds(30));
                await process.DisposeAsync();
            }
        }

        var report = Report(started, machine, loadBefore, LoadAverage(), request, phases);
        Directory.CreateDirectory(request.Output.FullName);
        var path = Path.Combine(request.Output.FullName, $"recognize-{started:yyyyMMdd-HHmmss}.md");
        await File.WriteAllTextAsync(path, report, cancellationToken);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"Results: {path}");
        return 0;
    }

    private static async Task<List<double>> Measure(HttpClient http, byte[] pdf, int requests, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "probe.pdf" } };
            var sent = Stopwatch.GetTimestamp();
            using var answer = await http.PostAsync("/recognize", form, cancellationToken);
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            if (!answer.IsSuccessStatusCode)
                throw new InvalidOperationException($"POST /recognize answered {(int)answer.StatusCode}: {body}");
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }
        return latencies;
    }

    private static string Report(DateTimeOffset started, MachineInfo machine, string loadBefore, string loadAfter, Request request, IReadOnlyList<Latencies> phases)
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"# Recognition latency benchmark, {started:yyyy-MM-dd HH:mm} UTC").AppendLine();
        text.AppendLine(c, $"{machine.Cores} cores ({machine.CpuModel}; {machine.CpuFlags}), {machine.MemoryBytes / (1L << 30)} GiB, {machine.Os}, {machine.Runtime}.");
        text.AppendLine(c, $"Load average (1, 5, 15 min) before: {loadBefore}; after: {loadAfter}.").AppendLine();
        text.AppendLine(c, $"- fleet: `fleet serve --role api,orchestrator` and one `--role worker` on RabbitMQ, the database and S3 (this machine's servers)");
        text.AppendLine(c, $"- request: `POST /recognize` of a one-page {request.Dpi} DPI scan (single column of prose), one at a time, {request.Requests} per phase after 2 not counted");
        text.AppendLine(c, $"- with a batch: an OCR batch of {request.BatchPages} one-page scans (`mode=ocr`, one page per chunk) submitted 3 s before the first request").AppendLine();
        text.AppendLine("| phase | requests | p50 ms | p95 ms | max ms | note |");
        text.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var phase in phases)
            text.AppendLine(c, $"| {phase.Phase} | {phase.Ms.Count} | {phase.Percentile(0.5):F0} | {phase.Percentile(0.95):F0} | {phase.Ms.Max():F0} | {phase.Note} |");
        if (phases.Count == 2)
        {
            var ratio = phases[1].Percentile(0.95) / phases[0].Percentile(0.95);
            text.AppendLine().AppendLine(c, $"- {(ratio <= 2 ? "holds" : "MISSED")}: p95 with a batch at most 2x idle ({ratio:F2}x)");
        }
        return text.ToString();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
