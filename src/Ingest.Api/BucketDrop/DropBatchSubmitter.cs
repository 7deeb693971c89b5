using System.Security.Cryptography;
using System.Text;
using Fleet.Ingest.Api.Batches;
using Microsoft.Extensions.Logging;

namespace Fleet.Ingest.Api.BucketDrop;

/// <summary>
/// Turns one rule's window of announced objects into submitted batches: records the events in the ledger under a
/// batch id made from the events themselves, then submits every batch those events belong to that is not submitted
/// yet (this window's, or one a listener that died had recorded) through <see cref="BatchSubmitter"/>, with exactly
/// the keys the ledger holds for it. Safe to repeat: the same events give the same batch, which is accepted once.
/// </summary>
public sealed class DropBatchSubmitter(IServiceScopeFactory scopes, IBucketDropLedger ledger, ILogger<DropBatchSubmitter> logger)
{
    public async Task<DropOutcome> SubmitAsync(BucketDropRule rule, IReadOnlyCollection<ObjectCreated> events, CancellationToken cancellationToken)
    {
        var candidate = BatchIdFor(rule, events);
        var claims = await ledger.ClaimAsync(events, candidate, cancellationToken);
        var submitted = new List<(Guid BatchId, IReadOnlyList<string> Keys)>();
        foreach (var batchId in claims.Values.Where(c => !c.Submitted).Select(c => c.BatchId).Distinct())
        {
            var keys = await ledger.KeysAsync(batchId, cancellationToken);
            SubmitBatchValidation.TryParseMode(rule.Mode, out var mode); // checked at start-up
            var command = new SubmitBatch(batchId, rule.Bucket, rule.Prefix, keys, rule.OutputBucket, SubmitBatchValidation.AsFolder(rule.OutputPrefix),
                new ProcessingOptions(rule.Dpi, mode, rule.ChunkPages), Recursive: true);
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<BatchSubmitter>()
                .SubmitAsync(command, rule.Tenant, rule.Tag, callbackUrl: null, cancellationToken);
            if (outcome.BusyLimit is { } limit)
                return DropOutcome.Busy($"tenant '{rule.Tenant}' has {limit} batches running, its limit", BatchSubmitter.BusyRetryAfter);
            if (outcome.IsConflict)
            {
                return DropOutcome.Refused($"batch {batchId} was submitted before with other settings (was rule {rule.Bucket}/{rule.Prefix} changed?); " +
                                           "its notifications stay on the queue until its dead-letter queue takes them");
            }
            await ledger.MarkSubmittedAsync(batchId, cancellationToken);
            logger.LogInformation("Bucket drop: batch {BatchId} of {Count} keys from {Bucket}/{Prefix} submitted for tenant {Tenant}",
                batchId, keys.Count, rule.Bucket, rule.Prefix, rule.Tenant);
            submitted.Add((batchId, keys));
        }
        return DropOutcome.Done(submitted);
    }

    /// <summary>The idempotency key of a window: its events, whatever order they came in.</summary>
    public static Guid BatchIdFor(BucketDropRule rule, IEnumerable<ObjectCreated> events)
    {
        var identities = string.Join('\n', events.Select(e => e.Identity).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identities)));
        return BatchIds.FromIdempotencyKey(rule.Tenant, $"bucket-drop/{hash}");
    }
}

/// <summary>Submitted (the batches this call submitted, with their keys), busy (try again later), or refused.</summary>
public sealed record DropOutcome(IReadOnlyList<(Guid BatchId, IReadOnlyList<string> Keys)> Submitted, string? Problem, TimeSpan? RetryAfter)
{
    public bool IsDone => Problem is null;

    public static DropOutcome Done(IReadOnlyList<(Guid, IReadOnlyList<string>)> submitted) => new(submitted, null, null);

    public static DropOutcome Busy(string reason, TimeSpan retryAfter) => new([], reason, retryAfter);

    public static DropOutcome Refused(string reason) => new([], reason, null);
}
