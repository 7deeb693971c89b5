using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Problems;

namespace Fleet.Ingest.Api.Batches;

/// <summary>
/// <c>GET /batches/{id}/documents</c>: a batch's documents in listing order, a page at a time, read from the batch's
/// document ledger (<c>next</c> is an opaque token for the following page, null on the last one); and one
/// document's result, streamed from the output bucket.
/// </summary>
public static class DocumentsApi
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static RouteGroupBuilder MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/batches").WithTags("Documents");
        api.MapGet("/{batchId:guid}/documents", GetDocuments).WithName("GetBatchDocuments")
            .WithSummary("A batch's documents with their status, pages (by source, low-confidence) and reason, in pages")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{batchId:guid}/documents/{documentId:guid}/result", GetResult).WithName("GetDocumentResult")
            .WithSummary("A succeeded document's result: its JSON (pages, lines, words, boxes, confidences) or its text (streamed)")
            .Produces<Contracts.Results.DocumentResult>(contentType: "application/json")
            .Produces<string>(contentType: "text/plain")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static async Task<Results<Ok<DocumentsPage>, ValidationProblem, ProblemHttpResult>> GetDocuments(
        Guid batchId, int? limit, string? next,
        [FromServices] IBatchDocuments documents, [AsParameters] BatchServices services,
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
            return Problem.Invalid(errors);
        if (await services.OwnedAsync(batchId, cancellationToken) is null)
            return Problem.UnknownBatch(batchId);

        var page = await documents.PageAsync(batchId, after, limit ?? DefaultLimit, cancellationToken);
        return TypedResults.Ok(new DocumentsPage(page.Items, page.Next?.ToToken()));
    }

    public static async Task<Results<FileStreamHttpResult, ValidationProblem, ProblemHttpResult>> GetResult(
        Guid batchId, Guid documentId, string? format,
        [FromServices] IBatchDocuments documents, [AsParameters] BatchServices services,
        CancellationToken cancellationToken)
    {
        var (extension, contentType) = (format ?? "json").ToLowerInvariant() switch
        {
            "json" => (".json", "application/json"),
            "txt" => (".txt", "text/plain; charset=utf-8"),
            _ => (null, null),
        };
        if (extension is null)
            return Problem.Invalid("format", "The format is json or txt.");
        if (await services.OwnedAsync(batchId, cancellationToken) is not { } submission)
            return Problem.UnknownBatch(batchId);
        if (await documents.EntryAsync(batchId, documentId, cancellationToken) is not { } entry)
            return Problem.Of(StatusCodes.Status404NotFound, "No result",
                $"Batch {batchId} has no finished document {documentId}; GET {BatchUrls.Documents(batchId)} lists its documents and their status.");
        if (entry.Status != Contracts.Results.DocumentStatus.Succeeded)
            return Problem.Of(StatusCodes.Status409Conflict, "Document has no result", $"Document {documentId} ({entry.Key}) {entry.Status}: {entry.Reason}");
        if (entry.Outputs.FirstOrDefault(o => o.Key.EndsWith(extension, StringComparison.Ordinal)) is not { } output)
            return Problem.Of(StatusCodes.Status404NotFound, "No result", $"Document {documentId} ({entry.Key}) has no {format} output.");
        try
        {
            var stream = await services.Store.OpenReadAsync(submission.Command.OutputBucket, output.Key, cancellationToken: cancellationToken);
            return TypedResults.Stream(stream, contentType);
        }
        catch (ObjectNotFoundException)
        {
            return Problem.Of(StatusCodes.Status404NotFound, "Result not found", $"The result '{output.Key}' is no longer in the output bucket.");
        }
    }
}
