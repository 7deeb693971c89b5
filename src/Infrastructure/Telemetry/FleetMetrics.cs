using System.Diagnostics;
using System.Diagnostics.Metrics;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Messaging.Queues;
using Microsoft.Extensions.DependencyInjection;

namespace Fleet.Infrastructure.Telemetry;

/// <summary>
/// Fleet's own instruments, one set per host: the meter comes from the host's <see cref="IMeterFactory"/>, and the
/// host's metric reader reads only this meter (see <see cref="FleetTelemetry"/>), so several hosts in one process (tests)
/// never count into each other. Labels are bounded: sources, outcomes, stages, queue names; never batch or document ids.
/// </summary>
public sealed class FleetMetrics
{
    public const string MeterName = "Fleet";

    /// <summary>Every metric name Fleet's own meter exports, as Prometheus shows it (the alert and dashboard checks read this).</summary>
    public static readonly IReadOnlyList<string> Exported =
    [
        "fleet_pages_total", "fleet_documents_total", "fleet_low_confidence_pages_total", "fleet_batches_in_flight",
        "fleet_documents_in_flight", "fleet_stage_seconds", "fleet_ocr_confidence", "fleet_worker_chunks_in_flight",
        "fleet_message_retries_total", "fleet_error_queue_moves_total", "fleet_queue_depth", "fleet_queue_oldest_message_age_seconds",
        "fleet_queue_consumers",
    ];

    /// <summary>The stages <c>fleet_stage_seconds</c> is labelled with: the manifest's cost names the same (<see cref="StageNames"/>).</summary>
    public static class Stages
    {
        public const string Download = StageNames.Download;
        public const string Inspect = StageNames.Inspect;
        public const string TextLayer = StageNames.TextLayer;
        public const string Render = StageNames.Render;
        public const string Detect = StageNames.Detect;
        public const string Recognise = StageNames.Recognise;
        public const string Assemble = StageNames.Assemble;
        public const string Upload = StageNames.Upload;
    }

    private readonly Counter<long> pages;
    private readonly Counter<long> documents;
    private readonly Counter<long> lowConfidencePages;
    private readonly Histogram<double> stageSeconds;
    private readonly Histogram<double> ocrConfidence;
    private readonly UpDownCounter<long> chunksInFlight;
    private readonly Counter<long> retries;
    private readonly Counter<long> errorQueueMoves;

    public FleetMetrics(IMeterFactory meters, FleetMeterScope scope, IServiceProvider services)
    {
        var meter = meters.Create(MeterName);
        // Set before any instrument exists: the host's reader asks the scope which meter is its own as each one appears.
        scope.Meter = meter;
        pages = meter.CreateCounter<long>("fleet_pages_total", description: "Pages finished, by source (text-layer, ocr) and outcome (succeeded, failed).");
        documents = meter.CreateCounter<long>("fleet_documents_total", description: "Documents finished, by status (succeeded, failed, cancelled).");
        lowConfidencePages = meter.CreateCounter<long>("fleet_low_confidence_pages_total", description: "OCR pages flagged lowConfidence.");
        stageSeconds = meter.CreateHistogram("fleet_stage_seconds", unit: "s", description: "Time per stage of a document or page chunk, by stage.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
        ocrConfidence = meter.CreateHistogram("fleet_ocr_confidence", description: "Mean OCR confidence of a page (0-1).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98, 1] });
        chunksInFlight = meter.CreateUpDownCounter<long>("fleet_worker_chunks_in_flight", description: "Page chunks this worker is processing now.");
        retries = meter.CreateCounter<long>("fleet_message_retries_total", description: "Message deliveries retried after a fault, by queue.");
        errorQueueMoves = meter.CreateCounter<long>("fleet_error_queue_moves_total", description: "Messages moved to an error queue after their retries, by queue.");

        // Gauges read what the process knows when scraped: queues (the broker's management API, or the in-memory
        // transport's own counts) and, where the api role runs, the batches and documents in flight.
        meter.CreateObservableGauge("fleet_queue_depth", () => Queues(services, q => q.Depth), description: "Messages in a queue (ready and unacknowledged).");
        meter.CreateObservableGauge("fleet_queue_oldest_message_age_seconds", () => Queues(services, q => q.OldestMessageAgeSeconds), unit: "s",
            description: "Age of the oldest message in a queue.");
        meter.CreateObservableGauge("fleet_queue_consumers", () => Queues(services, q => q.Consumers), description: "Consumers attached to a queue.");
        meter.CreateObservableGauge("fleet_batches_in_flight", () => Flight(services, f => f.Batches), description: "Batches accepted and not ended.");
        meter.CreateObservableGauge("fleet_documents_in_flight", () => Flight(services, f => f.Documents), description: "Documents of batches in flight that are being processed.");
    }

    public void PagesFinished(string source, string outcome, int count)
    {
        if (count > 0)
            pages.Add(count, new TagList { { "source", source }, { "outcome", outcome } });
    }

    public void LowConfidencePages(int count)
    {
        if (count > 0)
            lowConfidencePages.Add(count);
    }

    public void DocumentFinished(string status) => documents.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Stage(string stage, double milliseconds)
    {
        if (milliseconds > 0)
            stageSeconds.Record(milliseconds / 1000, new KeyValuePair<string, object?>("stage", stage));
    }

    public void OcrConfidence(double confidence) => ocrConfidence.Record(confidence);

    /// <summary>Counts a chunk in flight until the returned scope is disposed.</summary>
    public IDisposable ChunkInFlight()
    {
        chunksInFlight.Add(1);
        return new InFlight(chunksInFlight);
    }

    public void Retried(string queue) => retries.Add(1, new KeyValuePair<string, object?>("queue", queue));

    public void MovedToErrorQueue(string queue) => errorQueueMoves.Add(1, new KeyValuePair<string, object?>("queue", queue));

    private static IEnumerable<Measurement<double>> Queues(IServiceProvider services, Func<QueueStat, double> value) =>
        services.GetService<IQueueStats>()?.Snapshot().Queues.Select(q => new Measurement<double>(value(q), new KeyValuePair<string, object?>("queue", q.Queue)))
        ?? [];

    private static IEnumerable<Measurement<long>> Flight(IServiceProvider services, Func<FlightCounts, long> value) =>
        services.GetService<IFlightCounts>()?.Current is { } counts ? [new Measurement<long>(value(counts))] : [];

    private sealed class InFlight(UpDownCounter<long> counter) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                counter.Add(-1);
        }
    }
}

/// <summary>Which <see cref="FleetMetrics.MeterName"/> meter is this host's own (several hosts may live in one process).</summary>
public sealed class FleetMeterScope
{
    public Meter? Meter { get; set; }
}

/// <summary>Batches accepted and not ended, and documents being processed in them: known where the api role runs.</summary>
public interface IFlightCounts
{
    FlightCounts? Current { get; }
}

public sealed record FlightCounts(long Batches, long Documents);
