namespace Fleet.Ingest.Api.Batches;

/// <summary>Submit a batch, read its status, read its manifest. Thin: it validates, publishes and reads.</summary>
public static class BatchesApi
{
    public static RouteGroupBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/batches").WithTags("Batches");

        api.MapPost("", SubmitBatch).WithName("SubmitBatch").WithSummary("Submit a batch of PDFs to OCR")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapGet("/{batchId:guid}", GetBatch).WithName("GetBatch").WithSummary("A batch's state and document counts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{batchId:guid}/manifest", GetManifest).WithName("GetBatchManifest").WithSummary("A completed batch's manifest")
            .Produces<Contracts.Results.Manifest>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return api;
    }

    public static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> SubmitBatch(
        SubmitBatchRequest request,
        [FromHeader(Name = SubmitBatchValidation.IdempotencyKeyHeader)] string? idempotencyKey,
        [AsParameters] BatchServices services,
        CancellationToken cancellationToken)
    {
        var errors = SubmitBatchValidation.Validate(request, idempotencyKey);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var submission = SubmitBatchValidation.ToCommand(request, BatchIds.For(idempotencyKey));
        switch (await services.Submissions.ClaimAsync(submission, cancellationToken))
        {
            case SubmissionClaim.Conflict:
                return TypedResults.Problem($"Idempotency key '{idempotencyKey}' was used for a different batch request.",
                    statusCode: StatusCodes.Status422UnprocessableEntity, title: "Idempotency key reused");
            case SubmissionClaim.Claimed:
                await Publish(submission, services, cancellationToken);
                break;
            // A retry of a batch no saga has heard of: the first call may have died between recording and publishing.
            // Publishing again is safe: the saga and the listing ignore a submission they have already seen.
            case SubmissionClaim.Repeated when await services.Status.FindAsync(submission.BatchId, cancellationToken) is null:
                await services.Publish.Publish(submission, cancellationToken);
                break;
        }

        var statusUrl = BatchUrls.Status(submission.BatchId);
        return TypedResults.Accepted(statusUrl, new BatchAccepted(submission.BatchId, statusUrl));
    }

    public static async Task<Results<Ok<BatchStatusResponse>, ProblemHttpResult>> GetBatch(
        Guid batchId, [AsParameters] BatchServices services, CancellationToken cancellationToken)
    {
        var status = await FindStatus(batchId, services, cancellationToken);
        return status is null ? UnknownBatch(batchId) : TypedResults.Ok(BatchStatusResponse.From(status));
    }

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetManifest(
        Guid batchId, [AsParameters] BatchServices services, CancellationToken cancellationToken)
    {
        var status = await FindStatus(batchId, services, cancellationToken);
        if (status is null)
            return UnknownBatch(batchId);
        if (status is not { ManifestKey: { } key, OutputBucket: { } bucket })
            return TypedResults.Problem($"Batch {batchId} is {status.State}; its manifest is written when it completes.",
                statusCode: StatusCodes.Status404NotFound, title: "Manifest not written yet");

        try
        {
            return TypedResults.Bytes(await services.Store.ReadAllBytesAsync(bucket, key, cancellationToken), "application/json");
        }
        catch (ObjectNotFoundException)
        {
            return TypedResults.Problem($"The manifest of batch {batchId} is no longer in its output bucket.",
                statusCode: StatusCodes.Status404NotFound, title: "Manifest not found");
        }
    }

    private static async Task Publish(SubmitBatch submission, BatchServices services, CancellationToken cancellationToken)
    {
        try
        {
            await services.Publish.Publish(submission, cancellationToken);
        }
        catch
        {
            await services.Submissions.ReleaseAsync(submission.BatchId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>The saga's record; null when no one has heard of the batch.</summary>
    private static async Task<BatchStatus?> FindStatus(Guid batchId, BatchServices services, CancellationToken cancellationToken)
    {
        if (await services.Status.FindAsync(batchId, cancellationToken) is { } status)
            return status;
        // Accepted a moment ago, not yet seen by the saga.
        return await services.Submissions.ContainsAsync(batchId, cancellationToken)
            ? new BatchStatus(batchId, BatchStates.Submitted, 0, 0, 0, null)
            : null;
    }

    private static ProblemHttpResult UnknownBatch(Guid batchId) =>
        TypedResults.Problem($"No batch has id {batchId}.", statusCode: StatusCodes.Status404NotFound, title: "Batch not found");
}
