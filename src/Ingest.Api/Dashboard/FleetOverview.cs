using System.Collections.Concurrent;
using Fleet.Infrastructure.Batches;
using Fleet.Infrastructure.Messaging.Queues;
using Fleet.Infrastructure.Telemetry;
using Fleet.Ingest.Api.Batches;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fleet.Ingest.Api.Dashboard;

/// <summary>
/// What the operators' dashboard (and <c>fleet status</c>) shows, read every <see cref="Interval"/>: the queues, the
/// workers on the page-chunk queue, throughput and failures, and the batches in flight with their progress; plus an
/// hour of queue depths for the chart. Feeds the <c>fleet_batches_in_flight</c> and <c>fleet_documents_in_flight</c>
/// gauges too, so the dashboard and Prometheus read the same numbers.
/// </summary>
public sealed partial class FleetOverview(IServiceScopeFactory scopes, BatchPulse pulse, IServiceProvider services, TimeProvider time,
    ILogger<FleetOverview> logger) : BackgroundService, IFlightCounts
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan HistoryLength = TimeSpan.FromHours(1);
    /// <summary>An ended batch stays in the table this long, so its end is seen.</summary>
    public static readonly TimeSpan KeepEnded = TimeSpan.FromMinutes(10);
    public const int MaxBatches = 100;

    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(10);

    private readonly Lock gate = new();
    private readonly LinkedList<OverviewSample> history = new();
    private readonly ConcurrentDictionary<Guid, BatchRow> ended = new();
    private readonly ConcurrentDictionary<Guid, (DateTimeOffset At, int PagesDone)> firstSeen = new();
    private Dictionary<Guid, BatchRow> running = [];
    private volatile OverviewSnapshot current = OverviewSnapshot.Empty;

    public OverviewSnapshot Current => current;

    FlightCounts? IFlightCounts.Current => current.At is null ? null : new FlightCounts(current.BatchesInFlight, current.DocumentsInFlight);

    /// <summary>Queue depth samples taken after <paramref name="since"/> (all of the last hour when null).</summary>
    public IReadOnlyList<OverviewSample> History(DateTimeOffset? since)
    {
        lock (gate) return history.Where(s => since is null || s.At > since).ToList();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                // The next tick tries again; the dashboard keeps the last good reading meanwhile.
                LogRefreshFailed(e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queues = services.GetService<IQueueStats>()?.Snapshot() ?? QueueSnapshot.Empty;

        await using var scope = scopes.CreateAsyncScope();
        var submissions = scope.ServiceProvider.GetRequiredService<ISubmissions>();
        var status = scope.ServiceProvider.GetRequiredService<IBatchStatusReader>();
        var ledger = scope.ServiceProvider.GetRequiredService<IBatchDocuments>();

        var rows = new Dictionary<Guid, BatchRow>();
        long documentsInFlight = 0;
        foreach (var submission in await submissions.ListRunningAsync(MaxBatches, cancellationToken))
        {
            var row = await ReadRow(submission, status, ledger, now, cancellationToken);
            documentsInFlight += row.Active;
            // An ended batch's pages are the ones done: the guess for documents never inspected (rejected ones) is void.
            if (BatchStates.IsFinal(row.State))
                ended[row.BatchId] = row with { PagesTotal = row.PagesDone, Active = 0, EtaSeconds = 0, EndedAt = now };
            else
                rows[row.BatchId] = row;
        }
        // Batches that left the running list since the last reading have ended: read their final state once.
        foreach (var (batchId, previous) in running.Where(r => !rows.ContainsKey(r.Key) && !ended.ContainsKey(r.Key)))
        {
            var final = await status.FindAsync(batchId, cancellationToken);
            var (pagesDone, _, _) = pulse.Of(batchId);
            ended[batchId] = previous with
            {
                State = final?.State ?? previous.State, Finished = final?.Finished ?? previous.Finished, Failed = final?.Failed ?? previous.Failed,
                PagesDone = Math.Max(previous.PagesDone, pagesDone), PagesTotal = Math.Max(previous.PagesDone, pagesDone), Active = 0, EtaSeconds = 0,
                EndedAt = now,
            };
        }
        foreach (var (batchId, row) in ended.Where(e => now - e.Value.EndedAt > KeepEnded))
        {
            ended.TryRemove(batchId, out _);
            firstSeen.TryRemove(batchId, out _);
            pulse.Forget(batchId);
        }
        running = rows;

        var sample = new OverviewSample(now, queues.Queues.ToDictionary(q => q.Queue, q => q.Depth), pulse.PagesDone, pulse.DocumentsFailed);
        double pagesPerSecond, failuresPerSecond;
        lock (gate)
        {
            history.AddLast(sample);
            while (history.First is { } oldest && now - oldest.Value.At > HistoryLength)
                history.RemoveFirst();
            var windowStart = history.LastOrDefault(s => now - s.At >= RateWindow) ?? history.First!.Value;
            var seconds = (now - windowStart.At).TotalSeconds;
            pagesPerSecond = seconds > 0 ? (sample.PagesDone - windowStart.PagesDone) / seconds : 0;
            failuresPerSecond = seconds > 0 ? (sample.DocumentsFailed - windowStart.DocumentsFailed) / seconds : 0;
        }

        var batches = rows.Values.Concat(ended.Values).OrderByDescending(b => b.SubmittedAt).ToList();
        current = new OverviewSnapshot(now, queues.Queues, queues.Workers, queues.Error, Math.Round(pagesPerSecond, 2), Math.Round(failuresPerSecond, 3),
            queues.Queues.Where(q => q.IsErrorQueue).Sum(q => q.Depth), rows.Count, documentsInFlight, batches);
    }

    private async Task<BatchRow> ReadRow(Submission submission, IBatchStatusReader status, IBatchDocuments ledger, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var state = await status.FindAsync(submission.BatchId, cancellationToken)
                    ?? new BatchStatus(submission.BatchId, BatchStates.Submitted, 0, 0, 0, null);
        var totals = await ledger.TotalsAsync(submission.BatchId, cancellationToken);
        var (pagesDone, pagesKnown, inspected) = pulse.Of(submission.BatchId);
        // Pages of documents not inspected yet are guessed from the average of those that were.
        var pagesTotal = inspected > 0 && state.Documents > inspected
            ? pagesKnown + (int)Math.Round((state.Documents - inspected) * (double)pagesKnown / inspected)
            : pagesKnown;
        var seen = firstSeen.GetOrAdd(submission.BatchId, (now, pagesDone));
        var elapsed = (now - seen.At).TotalSeconds;
        var rate = elapsed > 0 ? (pagesDone - seen.PagesDone) / elapsed : 0;
        double? eta = rate > 0 ? Math.Round(Math.Max(0, pagesTotal - pagesDone) / rate) : null;
        return new BatchRow(submission.BatchId, submission.Tenant, submission.Tag, state.State, state.Documents, state.Finished, state.Failed,
            totals.Active, pagesDone, Math.Max(pagesTotal, pagesDone), eta, submission.SubmittedAt, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dashboard's overview could not be read: {Reason}")]
    private partial void LogRefreshFailed(string reason);
}

public sealed record OverviewSample(DateTimeOffset At, IReadOnlyDictionary<string, long> Depths, long PagesDone, long DocumentsFailed);

/// <summary>One batch on the dashboard: documents from its saga, pages as heard from the bus, ETA from its rate so far.</summary>
public sealed record BatchRow(
    Guid BatchId, string Tenant, string? Tag, string State, int Documents, int Finished, int Failed, int Active,
    int PagesDone, int PagesTotal, double? EtaSeconds, DateTimeOffset SubmittedAt, DateTimeOffset? EndedAt);

public sealed record OverviewSnapshot(
    DateTimeOffset? At, IReadOnlyList<QueueStat> Queues, IReadOnlyList<WorkerStat> Workers, string? QueueError,
    double PagesPerSecond, double FailuresPerSecond, long ErrorQueueMessages, long BatchesInFlight, long DocumentsInFlight,
    IReadOnlyList<BatchRow> Batches)
{
    public static readonly OverviewSnapshot Empty = new(null, [], [], null, 0, 0, 0, 0, 0, []);
}
