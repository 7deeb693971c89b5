using System.Reflection;
using Fleet.Infrastructure.Batches;
using Fleet.Ingest.Api.Access;
using Fleet.Ingest.Api.Batches;

namespace Fleet.Ingest.Api.Dashboard;

/// <summary>
/// <c>GET /dashboard</c>: the operators' page (one HTML page, a small script and uPlot, served from this assembly; no
/// front-end build). It polls <c>/dashboard/feed</c> every two seconds; <c>/dashboard/batches/{id}</c> lists a batch's
/// documents and failures. Queues and workers are the fleet's; batches are the logged-in tenant's.
/// </summary>
public static class DashboardApi
{
    public const string Path = "/dashboard";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup(Path).ExcludeFromDescription();
        dashboard.MapGet("", (Delegate)Page);
        dashboard.MapPost("/login", Login);
        dashboard.MapPost("/logout", (Delegate)Logout);
        dashboard.MapGet("/feed", Feed);
        dashboard.MapGet("/batches/{batchId:guid}", Batch);
        dashboard.MapGet("/assets/{*name}", Asset);
        return app;
    }

    private static async Task<IResult> Page(HttpContext http) =>
        await DashboardAccess.TenantAsync(http) is null ? Html("login.html", StatusCodes.Status200OK) : Html("dashboard.html", StatusCodes.Status200OK);

    private static async Task<IResult> Login(HttpContext http, IApiKeys keys)
    {
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync() : null;
        var key = form?["key"].ToString();
        if (string.IsNullOrWhiteSpace(key) || keys.TenantOf(key.Trim()) is not { } tenant)
            return Html("login.html", StatusCodes.Status401Unauthorized, "That API key is not one this server accepts.");
        await DashboardAccess.SignInAsync(http, tenant);
        return Results.Redirect(Path, permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> Logout(HttpContext http)
    {
        await DashboardAccess.SignOutAsync(http);
        return Results.Redirect(Path);
    }

    private static async Task<IResult> Feed(HttpContext http, FleetOverview overview, long? since)
    {
        if (await DashboardAccess.TenantAsync(http) is not { } tenant)
            return Results.Unauthorized();
        var snapshot = overview.Current;
        var after = since is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : (DateTimeOffset?)null;
        var samples = overview.History(after);
        var names = samples.SelectMany(s => s.Depths.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Results.Json(new
        {
            tenant,
            at = snapshot.At,
            queues = snapshot.Queues,
            queueError = snapshot.QueueError,
            workers = snapshot.Workers,
            pagesPerSecond = snapshot.PagesPerSecond,
            failuresPerSecond = snapshot.FailuresPerSecond,
            errorQueueMessages = snapshot.ErrorQueueMessages,
            batchesInFlight = snapshot.Batches.Count(b => b.Tenant == tenant && b.EndedAt is null),
            batches = snapshot.Batches.Where(b => b.Tenant == tenant).Select(b => new
            {
                b.BatchId, b.Tag, b.State, b.Documents, b.Finished, b.Failed, b.PagesDone, b.PagesTotal, b.EtaSeconds, b.SubmittedAt, b.EndedAt,
            }),
            history = new
            {
                times = samples.Select(s => s.At.ToUnixTimeMilliseconds()),
                depths = names.ToDictionary(n => n, n => samples.Select(s => s.Depths.GetValueOrDefault(n))),
            },
        });
    }

    private static async Task<IResult> Batch(HttpContext http, Guid batchId, ISubmissions submissions, IBatchStatusReader status,
        IBatchDocuments documents, CancellationToken cancellationToken)
    {
        if (await DashboardAccess.TenantAsync(http) is not { } tenant)
            return Results.Unauthorized();
        if (await submissions.FindAsync(batchId, cancellationToken) is not { } submission || submission.Tenant != tenant)
            return Results.NotFound();
        var state = await status.FindAsync(batchId, cancellationToken);
        var page = await documents.PageAsync(batchId, null, 500, cancellationToken);
        return Results.Json(new { batchId, state = state?.State ?? BatchStates.Submitted, documents = page.Items, more = page.Next is not null });
    }

    private static IResult Asset(string name)
    {
        if (!Assets.TryGetValue(name, out var contentType) || Open(name) is not { } stream)
            return Results.NotFound();
        return Results.Stream(stream, contentType);
    }

    private static IResult Html(string name, int status, string? error = null)
    {
        using var reader = new StreamReader(Open(name)!);
        var html = reader.ReadToEnd().Replace("{{error}}", System.Net.WebUtility.HtmlEncode(error ?? ""), StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static readonly Dictionary<string, string> Assets = new(StringComparer.Ordinal)
    {
        ["dashboard.js"] = "text/javascript; charset=utf-8",
        ["dashboard.css"] = "text/css; charset=utf-8",
        ["vendor/uplot/uPlot.iife.min.js"] = "text/javascript; charset=utf-8",
        ["vendor/uplot/uPlot.min.css"] = "text/css; charset=utf-8",
        ["vendor/uplot/LICENSE"] = "text/plain; charset=utf-8",
    };

    private static Stream? Open(string name) =>
        typeof(DashboardApi).Assembly.GetManifestResourceStream("dashboard/" + name);
}
