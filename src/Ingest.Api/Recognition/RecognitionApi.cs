using Fleet.Contracts.Recognition;
using Fleet.Contracts.Results;
using Fleet.Infrastructure.Messaging;
using Fleet.Ingest.Api.Batches;
using Fleet.Ingest.Api.Problems;
using Fleet.Ingest.Api.Uploads;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Fleet.Ingest.Api.Recognition;

/// <summary>
/// <c>POST /recognize</c>: one small PDF in a multipart body (field <c>file</c>), read now and answered with its
/// result. The file goes to the upload bucket (<c>recognize/&lt;id&gt;/</c>, removed once answered) and a request to
/// the workers' own recognition queue (<see cref="RecognitionQueue"/>), never behind batch chunks. With no answer
/// within <see cref="ApiLimits.RecognizeTimeout"/> (the fleet is saturated, or no worker is up) it answers 503 with
/// <c>Retry-After</c>.
/// </summary>
public static class RecognitionApi
{
    public static RouteHandlerBuilder MapRecognitionApi(this IEndpointRouteBuilder app, ApiLimits limits) =>
        app.MapPost("/recognize", Recognize).WithTags("Recognition").WithName("Recognize")
            .WithSummary($"Read one PDF of at most {limits.MaxRecognizePages} pages now (multipart field `file`): text, lines, words, boxes and confidences in the answer")
            .WithDescription("Options as query parameters: `mode` (auto, text, ocr) and `dpi`. Nothing is stored: the answer is the result, " +
                             "shaped like a batch document's JSON. 503 with `Retry-After` when no worker answered in time.")
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxRecognizeBytes))
            .DisableAntiforgery()
            .Produces<RecognitionAnswer>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Ok<RecognitionAnswer>, ValidationProblem, ProblemHttpResult>> Recognize(
        [FromQuery] string? mode, [FromQuery] int? dpi, HttpContext http, IObjectStore store, IRequestClient<RecognizeDocument> workers,
        IOptions<IngestApiOptions> options, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) ||
            HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            return Problem.Invalid(UploadsApi.FileField, "Send the document as multipart/form-data in a field named 'file'.");
        if (dpi is < 72 or > 600)
            return Problem.Invalid("dpi", "The DPI must be between 72 and 600.");
        var processingMode = ProcessingMode.Auto;
        if (mode is not null && !SubmitBatchValidation.TryParseMode(mode, out processingMode))
            return Problem.Invalid("mode", "The mode is one of auto, text or ocr.");

        var api = options.Value;
        var requestId = NewId.NextGuid();
        var reader = new MultipartReader(boundary, http.Request.Body);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) ||
                !disposition.IsFileDisposition() || disposition.Name.Value?.Trim('"') != UploadsApi.FileField)
                continue;
            var key = $"recognize/{requestId:N}/{UploadsApi.SafeName(disposition.FileName.Value ?? disposition.FileNameStar.Value)}";
            await store.WriteAsync(api.UploadBucket, key, section.Body, "application/octet-stream", cancellationToken);
            try
            {
                var request = new RecognizeDocument(requestId, api.UploadBucket, key, api.Limits.MaxRecognizePages,
                    new ProcessingOptions(Dpi: dpi ?? new ProcessingOptions().Dpi, Mode: processingMode));
                return await Ask(workers, request, api.Limits, http, cancellationToken);
            }
            finally
            {
                await Remove(store, api.UploadBucket, key, loggers);
            }
        }
        return Problem.Invalid(UploadsApi.FileField, "The multipart body has no file in a field named 'file'.");
    }

    private static async Task<Results<Ok<RecognitionAnswer>, ValidationProblem, ProblemHttpResult>> Ask(
        IRequestClient<RecognizeDocument> workers, RecognizeDocument request, ApiLimits limits, HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await workers.GetResponse<DocumentRecognized, RecognitionRefused>(request, cancellationToken, RequestTimeout.After(ms: (int)limits.RecognizeTimeout.TotalMilliseconds));
            if (answer.Is(out Response<DocumentRecognized>? read))
                return TypedResults.Ok(new RecognitionAnswer(read.Message.Result.PageCount, read.Message.Result.Engines, read.Message.Result.Pages, read.Message.WorkerMs));
            answer.Is(out Response<RecognitionRefused>? refused);
            return Problem.Of(StatusCodes.Status422UnprocessableEntity, "Document not readable", refused!.Message.Reason, ProblemTypes.UnreadableDocument);
        }
        catch (RequestTimeoutException)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(limits.RecognizeRetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Problem.Of(StatusCodes.Status503ServiceUnavailable, "No worker answered in time",
                $"No worker read the document within {limits.RecognizeTimeout.TotalSeconds:0.#} s: the workers are busy or none is running. Try again later.",
                ProblemTypes.Unavailable);
        }
        catch (RequestFaultException e)
        {
            return Problem.Of(StatusCodes.Status422UnprocessableEntity, "Document not readable",
                e.Fault?.Exceptions.FirstOrDefault()?.Message ?? "the worker failed to read it", ProblemTypes.UnreadableDocument);
        }
    }

    /// <summary>The upload is only the request's: gone once it is answered (a failure here only leaves a small object behind).</summary>
    private static async Task Remove(IObjectStore store, string bucket, string key, ILoggerFactory loggers)
    {
        try
        {
            await store.DeleteAsync(bucket, key, CancellationToken.None);
        }
        catch (Exception e) when (e is ObjectStoreException or IOException)
        {
            loggers.CreateLogger(typeof(RecognitionApi)).LogWarning("Could not remove the recognition upload {Key}: {Reason}", key, e.Message);
        }
    }
}

/// <summary>The answer of <c>POST /recognize</c>: the document's pages as a batch result has them, and the worker's time on it.</summary>
public sealed record RecognitionAnswer(int PageCount, IReadOnlyList<string> Engines, IReadOnlyList<PageResult> Pages, double WorkerMs);
