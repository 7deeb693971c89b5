using Fleet.Infrastructure.Batches;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// <c>GET /batches/{id}/documents</c>: a batch's documents in listing order, a page at a time, read from the batch's
/// document ledger. <c>next</c> is an opaque token for the following page, null on the last one.
/// </summary>
public static class DocumentsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/batches").WithTags("Batches");
        api.MapGet("/{batchId:guid}/documents", GetDocuments).WithName("GetBatchDocuments")
            .WithSummary("A batch's documents with their status, pages and reason, in pages")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    public static async Task<Results<Ok<DocumentsPage>, ValidationProblem, ProblemHttpResult>> GetDocuments(
        Guid batchId, int? limit, string? next,
        [FromServices] IBatchDocuments documents, [FromServices] IRequestClient<GetBatchStatus> status,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"The limit is between 1 and {MaxLimit}."];
        BatchDocumentCursor? after = null;
        if (next is not null)
        {
            if (BatchDocumentCursor.TryParse(next, out var cursor))
                after = cursor;
            else
                errors["next"] = ["This is not a token from a previous page."];
        }
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var page = await documents.PageAsync(batchId, after, limit ?? DefaultLimit, cancellationToken);
        // An empty first page is either a batch not listed yet or no batch at all: only the saga knows which.
        if (page.Items.Count == 0 && after is null &&
            (await status.GetResponse<BatchStatus>(new GetBatchStatus(batchId), cancellationToken)).Message.State == BatchStates.Unknown)
        {
            return TypedResults.Problem($"No batch has id {batchId}.", statusCode: StatusCodes.Status404NotFound, title: "Batch not found");
        }
        return TypedResults.Ok(new DocumentsPage(page.Items, page.Next?.ToToken()));
    }
}
