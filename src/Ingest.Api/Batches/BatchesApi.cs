using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Problems;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// Submit a batch, list a tenant's batches, read one's status and manifest, cancel it, retry its failed documents.
/// Thin: it validates, publishes and reads. Every route answers only the caller's tenant's batches.
/// </summary>
public static class BatchesApi
{
    public const int DefaultListLimit = 20;
    public const int MaxListLimit = 100;

    public static RouteGroupBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/batches").WithTags("Batches");

        api.MapPost("", SubmitBatch).WithName("SubmitBatch").WithSummary("Submit a batch of PDFs to OCR")
            .WithDescription("Validates the request, records it and queues it; answers 202 with the batch id. The same `Idempotency-Key` " +
                             "(per tenant) answers the same batch and never starts a second one.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("", ListBatches).WithName("ListBatches").WithSummary("Your batches, newest first, in pages")
            .ProducesValidationProblem();
        api.MapGet("/{batchId:guid}", GetBatch).WithName("GetBatch").WithSummary("A batch's state, document counts and callback")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{batchId:guid}/manifest", GetManifest).WithName("GetBatchManifest").WithSummary("A completed or cancelled batch's manifest (streamed)")
            .Produces<Contracts.Results.Manifest>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapDelete("/{batchId:guid}", CancelBatch).WithName("CancelBatch").WithSummary("Cancel a batch")
            .WithDescription("Documents not started yet never start; those in flight finish. The manifest records the others as " +
                             "`cancelled` and the batch ends `Cancelled`. A batch that has ended already is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{batchId:guid}/retry", RetryBatch).WithName("RetryBatch").WithSummary("A new batch of an ended batch's failed documents")
            .WithDescription("Same buckets, options, tag and callback; only the documents that failed. Retrying the same batch again " +
                             "answers the same new batch.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        return api;
    }

    public static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> SubmitBatch(
        SubmitBatchRequest request,
        [FromHeader(Name = SubmitBatchValidation.IdempotencyKeyHeader)] string? idempotencyKey,
        [AsParameters] BatchServices services,
        CancellationToken cancellationToken)
    {
        var options = services.Options.Value;
        var errors = SubmitBatchValidation.Validate(request, idempotencyKey, options.Tenant(services.Tenant), options.Limits);
        if (errors.Count > 0)
            return Problem.Invalid(errors);

        var command = SubmitBatchValidation.ToCommand(request, BatchIds.For(services.Tenant, idempotencyKey));
        return await Submit(command, request.Tag, request.CallbackUrl, idempotencyKey, services, cancellationToken,
            SubmitBatchValidation.Passwords(request));
    }

    public static async Task<Results<Ok<BatchesPage>, ValidationProblem>> ListBatches(
        string? state, string? tag, int? limit, string? next,
        [AsParameters] BatchServices services, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxListLimit)
            errors["limit"] = [$"The limit is between 1 and {MaxListLimit}."];
        if (state is not null && !ListableStates.Contains(state, StringComparer.OrdinalIgnoreCase))
            errors["state"] = [$"The state is one of {string.Join(", ", ListableStates)}."];
        long? after = null;
        if (next is not null)
        {
            if (BatchDocumentCursor.TryParse(next, out var cursor))
                after = cursor.AfterSequence;
            else
                errors["next"] = ["This is not a token from a previous page."];
        }
        if (errors.Count > 0)
            return Problem.Invalid(errors);

        // A state filter reads the state of each submission on the page: a page may then hold fewer items than the
        // limit, and next still says where to go on.
        var page = await services.Submissions.ListAsync(services.Tenant, tag, after, limit ?? DefaultListLimit, cancellationToken);
        var items = new List<BatchStatusResponse>(page.Items.Count);
        foreach (var submission in page.Items)
        {
            var status = await services.StatusOfAsync(submission, cancellationToken);
            if (state is null || status.State.Equals(state, StringComparison.OrdinalIgnoreCase))
                items.Add(BatchStatusResponse.From(status, submission));
        }
        return TypedResults.Ok(new BatchesPage(items, page.Next is { } last ? new BatchDocumentCursor(last).ToToken() : null));
    }

    /// <summary>The states <c>GET /batches?state=</c> filters on.</summary>
    public static readonly string[] ListableStates =
    [
        BatchStates.Submitted, BatchStates.Running, BatchStates.Cancelling, BatchStates.Finishing,
        BatchStates.Completed, BatchStates.Cancelled, BatchStates.Rejected, BatchStates.Failed,
    ];

    public static async Task<Results<Ok<BatchStatusResponse>, ProblemHttpResult>> GetBatch(
        Guid batchId, [AsParameters] BatchServices services, CancellationToken cancellationToken)
    {
        if (await services.OwnedAsync(batchId, cancellationToken) is not { } submission)
            return Problem.UnknownBatch(batchId);
        return TypedResults.Ok(BatchStatusResponse.From(await services.StatusOfAsync(submission, cancellationToken), submission));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> GetManifest(
        Guid batchId, [AsParameters] BatchServices services, CancellationToken cancellationToken)
    {
        if (await services.OwnedAsync(batchId, cancellationToken) is not { } submission)
            return Problem.UnknownBatch(batchId);
        var status = await services.StatusOfAsync(submission, cancellationToken);
        if (status is not { ManifestKey: { } key })
            return Problem.Of(StatusCodes.Status404NotFound, "Manifest not written yet",
                $"Batch {batchId} is {status.State}; its manifest is written when it completes or is cancelled.");
        try
        {
            var manifest = await services.Store.OpenReadAsync(submission.Command.OutputBucket, key, cancellationToken: cancellationToken);
            return TypedResults.Stream(manifest, "application/json");
        }
        catch (ObjectNotFoundException)
        {
            return Problem.Of(StatusCodes.Status404NotFound, "Manifest not found", $"The manifest of batch {batchId} is no longer in its output bucket.");
        }
    }

    public static async Task<Results<Accepted<BatchStatusResponse>, ProblemHttpResult>> CancelBatch(
        Guid batchId, [AsParameters] BatchServices services, CancellationToken cancellationToken)
    {
        if (await services.OwnedAsync(batchId, cancellationToken) is not { } submission)
            return Problem.UnknownBatch(batchId);
        var status = await services.StatusOfAsync(submission, cancellationToken);
        if (BatchStates.IsFinal(status.State))
            return Problem.Of(StatusCodes.Status409Conflict, "Batch has ended", $"Batch {batchId} is {status.State} already; there is nothing to cancel.");
        await services.Publish.Publish(new Contracts.Batches.CancelBatch(batchId), cancellationToken);
        return TypedResults.Accepted(BatchUrls.Status(batchId), BatchStatusResponse.From(status, submission));
    }

    public static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> RetryBatch(
        Guid batchId, [AsParameters] BatchServices services, [FromServices] IBatchDocuments documents, CancellationToken cancellationToken)
    {
        if (await services.OwnedAsync(batchId, cancellationToken) is not { } submission)
            return Problem.UnknownBatch(batchId);
        var status = await services.StatusOfAsync(submission, cancellationToken);
        if (!BatchStates.IsFinal(status.State))
            return Problem.Of(StatusCodes.Status409Conflict, "Batch still running", $"Batch {batchId} is {status.State}; retry it once it has ended.");

        var failed = new List<string>();
        await foreach (var entry in documents.FinishedEntriesAsync(batchId, cancellationToken))
        {
            if (entry.Status == Contracts.Results.DocumentStatus.Failed)
                failed.Add(entry.Key);
        }
        if (failed.Count == 0)
            return Problem.Of(StatusCodes.Status409Conflict, "Nothing to retry", $"Batch {batchId} has no failed documents.");
        var limit = services.Options.Value.Limits.MaxKeysPerBatch;
        if (failed.Count > limit)
            return Problem.Invalid("keys", $"Batch {batchId} has {failed.Count} failed documents, more than the {limit} keys a batch may name; submit them in parts.");

        // The retry's id derives from the batch retried, so a repeated retry answers the same new batch.
        var command = submission.Command with { BatchId = BatchIds.FromIdempotencyKey(services.Tenant, $"retry-of/{batchId}"), Keys = failed };
        return await Submit(command, submission.Tag, submission.CallbackUrl, null, services, cancellationToken);
    }

    internal static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitBatch command, string? tag, string? callbackUrl, string? idempotencyKey, BatchServices services, CancellationToken cancellationToken,
        IReadOnlyList<Infrastructure.Passwords.BatchPassword>? passwords = null)
    {
        var outcome = await services.Submitter.SubmitAsync(command, services.Tenant, tag, callbackUrl, cancellationToken, passwords);
        if (outcome.IsConflict)
            return Problem.IdempotencyKeyReused(idempotencyKey);
        if (outcome.BusyLimit is { } busy)
            return Problem.TooManyBatches(services.Http, busy, BatchSubmitter.BusyRetryAfter);
        var statusUrl = BatchUrls.Status(command.BatchId);
        return TypedResults.Accepted(statusUrl, new BatchAccepted(command.BatchId, statusUrl, tag));
    }
}
