using System.Security.Claims;
using Fleet.Ingest.Api.Access;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.Batches;

/// <summary>What the batch endpoints need, handed in with <c>[AsParameters]</c>.</summary>
public sealed record BatchServices(
    [FromServices] IPublishEndpoint Publish,
    [FromServices] IBatchStatusReader Status,
    [FromServices] IObjectStore Store,
    [FromServices] ISubmissions Submissions,
    [FromServices] BatchSubmitter Submitter,
    [FromServices] IOptions<IngestApiOptions> Options,
    ClaimsPrincipal User,
    HttpContext Http)
{
    public string Tenant => User.Tenant();

    /// <summary>The batch's submission when it is the caller's tenant's; another tenant's batch is as unknown as no batch.</summary>
    public async Task<Submission?> OwnedAsync(Guid batchId, CancellationToken cancellationToken) =>
        await Submissions.FindAsync(batchId, cancellationToken) is { } submission && submission.Tenant == Tenant ? submission : null;

    /// <summary>The saga's record of an owned batch; Submitted when it was accepted a moment ago and no saga has it yet.</summary>
    public async Task<BatchStatus> StatusOfAsync(Submission submission, CancellationToken cancellationToken) =>
        await Status.FindAsync(submission.BatchId, cancellationToken)
        ?? new BatchStatus(submission.BatchId, BatchStates.Submitted, 0, 0, 0, null);
}
