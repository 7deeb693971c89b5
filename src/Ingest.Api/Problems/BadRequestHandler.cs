using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Fleet.Ingest.Api.Problems;

/// <summary>
/// Turns a request the framework could not read into problem details: a body over its size limit is 413; JSON that
/// does not parse, a field of the wrong type and a field the API does not know are 400 naming the field (its JSON
/// path), the line and the byte position, never silently accepted.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
            return false;
        var causes = Causes(exception).ToList();
        var problem = new ProblemDetails();
        if (causes.OfType<BadHttpRequestException>().Any(e => e.StatusCode == StatusCodes.Status413PayloadTooLarge))
        {
            (problem.Status, problem.Type, problem.Title) = (413, ProblemTypes.TooLarge, "Request body too large");
            problem.Detail = $"The body is larger than this route accepts ({context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize:N0} bytes).";
        }
        else if (causes.OfType<JsonException>().FirstOrDefault() is { } json)
        {
            var field = FieldOf(json.Path);
            (problem.Status, problem.Type, problem.Title) = (400, ProblemTypes.InvalidJson, "The body is not a valid request");
            problem.Detail = $"{Reason(json).TrimEnd('.')} (at {json.Path ?? "$"}, line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}).";
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [Reason(json)] };
        }
        else
        {
            (problem.Status, problem.Type, problem.Title, problem.Detail) = (bad.StatusCode, ProblemTypes.ForStatus(bad.StatusCode), "Bad request", bad.Message);
        }
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            yield return e;
    }

    /// <summary>"$.keys[2]" names "keys"; "$['odd name']" names "odd name"; the root is "$".</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
            return "$";
        var first = path.TrimStart('$', '.');
        if (first.StartsWith("['", StringComparison.Ordinal))
            return first[2..first.IndexOf("']", StringComparison.Ordinal)];
        var end = first.IndexOfAny(['.', '[']);
        return end < 0 ? first : first[..end];
    }

    /// <summary>System.Text.Json's message without its .NET type names, which mean nothing to a client.</summary>
    private static string Reason(JsonException json) => json.Message switch
    {
        var m when m.Contains("could not be mapped to any .NET member", StringComparison.Ordinal) => "This field is not part of the request.",
        var m when m.Contains("could not be converted to", StringComparison.Ordinal) => "This field has the wrong type.",
        var m when m.Contains("missing required properties", StringComparison.Ordinal) => "A required field is missing.",
        _ => "The JSON does not parse.",
    };
}
