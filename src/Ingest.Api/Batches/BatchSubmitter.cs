using Fleet.Infrastructure.Passwords;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// The one way a batch enters the fleet, for every front door (<c>POST /batches</c>, uploads, retries, the bucket
/// drop): holds the tenant to its concurrent-batch limit, records the submission (so a repeated idempotency key
/// answers the same batch), saves the batch's passwords (<see cref="IBatchPasswords"/>: apart from the submission, the
/// message and its outbox row, none of which holds them), then publishes <see cref="SubmitBatch"/>. The command is
/// checked already.
/// </summary>
public sealed class BatchSubmitter(ISubmissions submissions, IBatchStatusReader status, IPublishEndpoint publish,
    IBatchPasswords passwords, IOptions<IngestApiOptions> options, TimeProvider clock)
{
    /// <summary>How long a tenant at its concurrent-batch limit is told to wait before trying again.</summary>
    public static readonly TimeSpan BusyRetryAfter = TimeSpan.FromSeconds(30);

    public async Task<SubmitOutcome> SubmitAsync(SubmitBatch command, string tenant, string? tag, string? callbackUrl,
        CancellationToken cancellationToken, IReadOnlyList<BatchPassword>? batchPasswords = null)
    {
        var submission = new Submission(command, tenant, tag, callbackUrl, clock.GetUtcNow());
        // A retry of an accepted batch is answered whatever the limit says: it starts nothing new.
        if (await submissions.FindAsync(command.BatchId, cancellationToken) is null)
        {
            var limit = options.Value.Tenant(tenant).MaxConcurrentBatches ?? options.Value.Limits.MaxConcurrentBatches;
            if (await submissions.CountRunningAsync(tenant, cancellationToken) >= limit)
                return SubmitOutcome.TooManyBatches(limit);
        }

        switch (await submissions.ClaimAsync(submission, cancellationToken))
        {
            case SubmissionClaim.Conflict:
                return SubmitOutcome.Conflict;
            case SubmissionClaim.Claimed:
                try
                {
                    await passwords.SaveAsync(command.BatchId, batchPasswords ?? [], cancellationToken);
                    await publish.Publish(command, cancellationToken);
                }
                catch
                {
                    await submissions.ReleaseAsync(command.BatchId, CancellationToken.None);
                    throw;
                }
                break;
            // A retry of a batch no saga has heard of: the first call may have died between recording and publishing.
            // Publishing again is safe: the saga and the listing ignore a submission they have already seen.
            case SubmissionClaim.Repeated when await status.FindAsync(command.BatchId, cancellationToken) is null:
                await passwords.SaveAsync(command.BatchId, batchPasswords ?? [], cancellationToken);
                await publish.Publish(command, cancellationToken);
                break;
        }
        return SubmitOutcome.Accepted(command.BatchId);
    }
}

/// <summary>Accepted (with the batch id), a reused idempotency key (Conflict), or a tenant at its concurrent-batch limit.</summary>
public sealed record SubmitOutcome(Guid? BatchId, bool IsConflict, int? BusyLimit)
{
    public static readonly SubmitOutcome Conflict = new(null, true, null);

    public static SubmitOutcome Accepted(Guid batchId) => new(batchId, false, null);

    public static SubmitOutcome TooManyBatches(int limit) => new(null, false, limit);
}
