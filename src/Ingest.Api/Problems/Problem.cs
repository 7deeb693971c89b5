namespace Fleet.Ingest.Api.Problems;

/// <summary>The problems the batch routes answer, each with its type (see <see cref="ProblemTypes"/>).</summary>
public static class Problem
{
    public static ProblemHttpResult Of(int status, string title, string detail, string? type = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: type ?? ProblemTypes.ForStatus(status));

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request is not valid", type: ProblemTypes.Validation);

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Unknown, or another tenant's: the answer is the same, so ids reveal nothing across tenants.</summary>
    public static ProblemHttpResult UnknownBatch(Guid batchId) =>
        Of(StatusCodes.Status404NotFound, "Batch not found", $"No batch has id {batchId}.");

    public static ProblemHttpResult IdempotencyKeyReused(string? idempotencyKey) =>
        Of(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
            $"Idempotency key '{idempotencyKey}' was used for a different batch request.", ProblemTypes.IdempotencyKeyReused);

    public static ProblemHttpResult TooManyBatches(HttpContext http, int limit, TimeSpan retryAfter)
    {
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Of(StatusCodes.Status429TooManyRequests, "Too many batches running",
            $"Your tenant has {limit} batches that have not ended, its limit; submit again once one has.", ProblemTypes.TooManyBatches);
    }
}
