using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>
/// Reads S3's notifications from the SQS queue and gathers the new PDFs of each rule into a window: when the window's
/// time is up or it holds its maximum of keys, its batch is submitted (<see cref="DropBatchSubmitter"/>), and only then
/// are the window's messages deleted. Until that, the messages are kept hidden from other readers; a listener that
/// dies lets them reappear for the next one, and the ledger makes sure their objects still go into one batch.
/// </summary>
public sealed class BucketDropListener(
    IAmazonSQS sqs, DropBatchSubmitter submitter, IOptions<BucketDropOptions> options, IHostApplicationLifetime lifetime,
    IBusControl bus, TimeProvider clock, ILogger<BucketDropListener> logger) : BackgroundService
{
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(5);

    private readonly Dictionary<string, HeldMessage> held = new(StringComparer.Ordinal);
    private readonly Dictionary<BucketDropRule, DropWindow> windows = [];
    private BucketDropOptions Settings => options.Value;
    private string QueueUrl => Settings.Sqs.QueueUrl!;
    private TimeSpan Visibility => Settings.Sqs.VisibilityTimeout;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Submissions are published on the bus: read nothing before the host has started and the bus is connected.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await started.Task.WaitAsync(stoppingToken);
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, stoppingToken);
        logger.LogInformation("Bucket drop: reading {QueueUrl} for {Rules} rule(s)", QueueUrl, Settings.Rules.Count);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReceiveAsync(stoppingToken);
                    await FlushDueAsync(stoppingToken);
                    await KeepHiddenAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Bucket drop: {Error}; trying again in {Pause}", e.Message, ErrorPause);
                    try
                    {
                        await Task.Delay(ErrorPause, clock, stoppingToken);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await ReleaseHeldAsync();
        }
    }

    private async Task ReceiveAsync(CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = QueueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = WaitSeconds(),
            VisibilityTimeout = (int)Visibility.TotalSeconds,
        }, cancellationToken);
        var now = clock.GetUtcNow();
        var done = new List<HeldMessage>();
        foreach (var message in response.Messages ?? [])
        {
            if (held.TryGetValue(message.MessageId, out var again))
            {
                // Received again while held (its hiding ran out): only the newest receipt handle deletes it.
                (again.ReceiptHandle, again.HiddenUntil) = (message.ReceiptHandle, now + Visibility);
                continue;
            }
            var current = new HeldMessage(message.MessageId, message.ReceiptHandle, now + Visibility);
            if (S3Notification.Parse(message.Body ?? "", out var error) is not { } notification)
            {
                logger.LogWarning("Bucket drop: message {MessageId} is not an S3 event notification ({Error}); it is left on the queue for its dead-letter queue",
                    message.MessageId, error);
                continue;
            }
            if (notification.IsTestEvent)
                logger.LogInformation("Bucket drop: S3's test event (message {MessageId}): the notification reaches this queue", message.MessageId);
            foreach (var created in notification.Created)
                await AddAsync(created, current, cancellationToken);
            if (current.Windows.Count > 0)
                held[current.MessageId] = current;
            else if (!current.Refused)
                done.Add(current);
        }
        await DeleteAsync(done, cancellationToken);
    }

    private async Task AddAsync(ObjectCreated created, HeldMessage message, CancellationToken cancellationToken)
    {
        if (!InputFiles.IsInput(created.Key))
        {
            logger.LogDebug("Bucket drop: {Bucket}/{Key} is not a PDF or image Fleet reads; ignored", created.Bucket, created.Key);
            return;
        }
        if (Settings.RuleFor(created.Bucket, created.Key) is not { } rule)
        {
            logger.LogInformation("Bucket drop: no rule for {Bucket}/{Key}; ignored", created.Bucket, created.Key);
            return;
        }
        var maxKeys = rule.MaxKeys ?? Settings.MaxKeys;
        if (windows.GetValueOrDefault(rule) is { } full && full.Keys.Count >= maxKeys && !full.Keys.Contains(created.Key))
            await FlushAsync(full, cancellationToken);
        if (!windows.TryGetValue(rule, out var window))
            windows[rule] = window = new DropWindow(rule, clock.GetUtcNow() + (rule.Window ?? Settings.Window));
        window.Add(created, message);
        if (window.Keys.Count >= maxKeys)
            await FlushAsync(window, cancellationToken);
    }

    private async Task FlushDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var window in windows.Values.Where(w => w.DueAt <= now && w.NotBefore <= now).ToList())
            await FlushAsync(window, cancellationToken);
    }

    private async Task FlushAsync(DropWindow window, CancellationToken cancellationToken)
    {
        if (window.NotBefore > clock.GetUtcNow())
            return;
        DropOutcome outcome;
        try
        {
            outcome = await submitter.SubmitAsync(window.Rule, window.Events, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The messages stay hidden (and are kept so) while the submission is tried again.
            window.NotBefore = clock.GetUtcNow() + ErrorPause;
            logger.LogWarning(e, "Bucket drop: the batch of {Count} keys from {Bucket}/{Prefix} could not be submitted yet: {Error}",
                window.Keys.Count, window.Rule.Bucket, window.Rule.Prefix, e.Message);
            return;
        }
        if (outcome.RetryAfter is { } retryAfter)
        {
            window.NotBefore = clock.GetUtcNow() + retryAfter;
            logger.LogWarning("Bucket drop: {Reason}; the batch of {Count} keys from {Bucket}/{Prefix} waits {RetryAfter}",
                outcome.Problem, window.Keys.Count, window.Rule.Bucket, window.Rule.Prefix, retryAfter);
            return;
        }
        windows.Remove(window.Rule);
        var done = new List<HeldMessage>();
        foreach (var message in window.Messages)
        {
            message.Windows.Remove(window);
            message.Refused |= !outcome.IsDone;
            if (message.Windows.Count == 0 && held.Remove(message.MessageId) && !message.Refused)
                done.Add(message);
        }
        if (!outcome.IsDone)
        {
            // Not deleted: the messages reappear once their hiding ends, and the queue's redrive policy moves them aside.
            logger.LogError("Bucket drop: {Reason}", outcome.Problem);
            return;
        }
        if (Settings.CrashBeforeDeleteOnKeyContaining is { Length: > 0 } crash && outcome.Submitted.Any(b => b.Keys.Any(k => k.Contains(crash, StringComparison.Ordinal))))
        {
            logger.LogCritical("Bucket drop: crash switch ({Setting}): killing this process before deleting the messages of a submitted batch",
                $"{BucketDropOptions.Section}:{nameof(BucketDropOptions.CrashBeforeDeleteOnKeyContaining)}");
            Process.GetCurrentProcess().Kill();
        }
        await DeleteAsync(done, cancellationToken);
    }

    private async Task DeleteAsync(IReadOnlyList<HeldMessage> messages, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var response = await sqs.DeleteMessageBatchAsync(new DeleteMessageBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = chunk.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(), m.ReceiptHandle)).ToList(),
            }, cancellationToken);
            foreach (var failed in response.Failed ?? [])
            {
                // Its batch is submitted: when the message comes back, the ledger knows its objects and it is deleted then.
                logger.LogWarning("Bucket drop: message {MessageId} could not be deleted: {Error}", chunk[int.Parse(failed.Id)].MessageId, failed.Message);
            }
        }
    }

    /// <summary>Messages held for an open window are hidden again before their hiding runs out.</summary>
    private async Task KeepHiddenAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = held.Values.Where(m => m.HiddenUntil - now < Visibility / 2).ToList();
        await ChangeVisibilityAsync(due, Visibility, cancellationToken);
        foreach (var message in due)
            message.HiddenUntil = now + Visibility;
    }

    /// <summary>On shutdown the messages of windows still open are handed back at once, for the next listener.</summary>
    private async Task ReleaseHeldAsync()
    {
        if (held.Count == 0)
            return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await ChangeVisibilityAsync(held.Values.ToList(), TimeSpan.Zero, timeout.Token);
            logger.LogInformation("Bucket drop: {Count} messages of open windows handed back to the queue", held.Count);
        }
        catch (Exception e)
        {
            logger.LogWarning("Bucket drop: could not hand back {Count} messages ({Error}); they reappear when their hiding ends", held.Count, e.Message);
        }
    }

    private async Task ChangeVisibilityAsync(IReadOnlyList<HeldMessage> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        foreach (var chunk in messages.Chunk(10))
        {
            var response = await sqs.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest
            {
                QueueUrl = QueueUrl,
                Entries = chunk.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(i.ToString(), m.ReceiptHandle)
                    { VisibilityTimeout = (int)visibility.TotalSeconds }).ToList(),
            }, cancellationToken);
            foreach (var failed in response.Failed ?? [])
                logger.LogWarning("Bucket drop: message {MessageId} could not be kept hidden: {Error}", chunk[int.Parse(failed.Id)].MessageId, failed.Message);
        }
    }

    /// <summary>A long poll, cut short so an open window is submitted on time and held messages are hidden again in time.</summary>
    private int WaitSeconds()
    {
        var wait = TimeSpan.FromSeconds(Settings.Sqs.WaitTimeSeconds);
        if (held.Count > 0 && Visibility / 3 < wait)
            wait = Visibility / 3;
        var now = clock.GetUtcNow();
        foreach (var window in windows.Values)
        {
            var until = (window.DueAt > window.NotBefore ? window.DueAt : window.NotBefore) - now;
            if (until < wait)
                wait = until;
        }
        return (int)Math.Clamp(Math.Ceiling(wait.TotalSeconds), 0, 20);
    }

    /// <summary>A message received and not deleted yet, with the windows its objects wait in.</summary>
    private sealed class HeldMessage(string messageId, string receiptHandle, DateTimeOffset hiddenUntil)
    {
        public string MessageId { get; } = messageId;
        public string ReceiptHandle { get; set; } = receiptHandle;
        public DateTimeOffset HiddenUntil { get; set; } = hiddenUntil;
        public HashSet<DropWindow> Windows { get; } = [];

        /// <summary>One of its batches was refused: it is never deleted, so the queue's redrive policy moves it aside.</summary>
        public bool Refused { get; set; }
    }

    /// <summary>A rule's batch being gathered: its events (each once), their keys, and the messages that announced them.</summary>
    private sealed class DropWindow(BucketDropRule rule, DateTimeOffset dueAt)
    {
        private readonly Dictionary<string, ObjectCreated> events = new(StringComparer.Ordinal);

        public BucketDropRule Rule { get; } = rule;
        public DateTimeOffset DueAt { get; } = dueAt;
        public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.MinValue;
        public IReadOnlyCollection<ObjectCreated> Events => events.Values;
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
        public HashSet<HeldMessage> Messages { get; } = [];

        public void Add(ObjectCreated created, HeldMessage message)
        {
            events.TryAdd(created.Identity, created);
            Keys.Add(created.Key);
            Messages.Add(message);
            message.Windows.Add(this);
        }
    }
}
