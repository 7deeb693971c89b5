using System.Text.RegularExpressions;
using Fleet.Ingest.Api.Batches;
using Fleet.Ingest.Api.Problems;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Fleet.Ingest.Api.Uploads;

/// <summary>
/// <c>POST /documents</c>: for clients without bucket access, a PDF in a multipart body (field <c>file</c>) is
/// streamed into the upload bucket as it arrives (never held whole) and becomes a one-document batch, answered like
/// <c>POST /batches</c>. Its results land under <c>results/&lt;batchId&gt;/</c> of the same bucket; read them through
/// <c>GET /batches/{id}/documents/{documentId}/result</c>.
/// </summary>
public static partial class UploadsApi
{
    public const string FileField = "file";

    public static RouteHandlerBuilder MapUploadsApi(this IEndpointRouteBuilder app, long maxUploadBytes) =>
        app.MapPost("/documents", Upload).WithTags("Documents").WithName("UploadDocument")
            .WithSummary("Upload one PDF (multipart field `file`) and OCR it as a batch of one")
            .WithDescription("Options as query parameters (`mode`, `dpi`, `chunkPages`, `rerun`, `outputs` (repeated or comma-separated), `tag`, `callbackUrl`); `Idempotency-Key` as for batches.")
            .WithMetadata(new RequestSizeLimitAttribute(maxUploadBytes))
            .DisableAntiforgery()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static async Task<Results<Accepted<BatchAccepted>, ValidationProblem, ProblemHttpResult>> Upload(
        [AsParameters] UploadOptions upload,
        [FromHeader(Name = SubmitBatchValidation.IdempotencyKeyHeader)] string? idempotencyKey,
        [AsParameters] BatchServices services,
        CancellationToken cancellationToken)
    {
        var http = services.Http;
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            return Problem.Invalid(FileField, "Send the PDF as multipart/form-data in a field named 'file'.");
        }

        var options = services.Options.Value;
        var bucket = options.UploadBucket;
        var batchId = BatchIds.For(services.Tenant, idempotencyKey);
        // Validated as the batch it becomes, before a byte is stored.
        var request = new SubmitBatchRequest
        {
            InputBucket = bucket, InputPrefix = $"uploads/{batchId}/", OutputBucket = bucket, OutputPrefix = $"results/{batchId}/",
            Dpi = upload.Dpi, Mode = upload.Mode, ChunkPages = upload.ChunkPages, Rerun = upload.Rerun, Outputs = upload.OutputNames, Tag = upload.Tag, CallbackUrl = upload.CallbackUrl,
            Keys = ["upload.pdf"],
        };
        // The upload bucket is the server's own, not one of the tenant's: no bucket grant applies to it.
        var tenant = new TenantOptions { CallbackSecret = options.Tenant(services.Tenant).CallbackSecret };
        var errors = SubmitBatchValidation.Validate(request, idempotencyKey, tenant, options.Limits);
        if (errors.Count > 0)
            return Problem.Invalid(errors);

        var reader = new MultipartReader(boundary, http.Request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.IsFileDisposition() || disposition.Name.Value?.Trim('"') != FileField)
                continue;
            var key = $"uploads/{batchId}/{SafeName(disposition.FileName.Value ?? disposition.FileNameStar.Value)}";
            await services.Store.WriteAsync(bucket, key, section.Body, "application/pdf", cancellationToken);
            var command = SubmitBatchValidation.ToCommand(request with { Keys = [key], InputPrefix = $"uploads/{batchId}/" }, batchId);
            return await BatchesApi.Submit(command, upload.Tag, upload.CallbackUrl, idempotencyKey, services, cancellationToken);
        }
        return Problem.Invalid(FileField, "The multipart body has no file in a field named 'file'.");
    }

    /// <summary>The uploaded file's own name, reduced to characters every store keeps as they are; "document.pdf" without one.</summary>
    public static string SafeName(string? fileName)
    {
        var name = UnsafeCharacters().Replace(Path.GetFileName((fileName ?? "").Trim('"').Replace('\\', '/')), "_").Trim('.', '_');
        return name.Length == 0 ? "document.pdf" : name.Length > 200 ? name[^200..] : name;
    }

    [GeneratedRegex("[^A-Za-z0-9._-]")]
    private static partial Regex UnsafeCharacters();
}

/// <summary>The options of an upload, from the query string.</summary>
public sealed record UploadOptions(
    [FromQuery] string? Mode,
    [FromQuery] int? Dpi,
    [FromQuery] int? ChunkPages,
    [FromQuery] bool? Rerun,
    [FromQuery] string[]? Outputs,
    [FromQuery] string? Tag,
    [FromQuery] string? CallbackUrl)
{
    /// <summary><c>outputs=txt&amp;outputs=pdf</c> or <c>outputs=txt,pdf</c>: the formats named, null when none is.</summary>
    public IReadOnlyList<string>? OutputNames => Outputs is { Length: > 0 } names
        ? names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
        : null;
}
