using System.Globalization;
using System.Threading.RateLimiting;
using Fleet.Ingest.Api.Problems;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.Access;

/// <summary>
/// Each tenant's requests per minute (<c>Fleet:Api:Limits:RequestsPerMinute</c>, or the tenant's own), counted in a
/// fixed one-minute window per tenant in this process. Past it: 429 problem details with <c>Retry-After</c>.
/// </summary>
public static class TenantRateLimits
{
    public const string Policy = "tenant";

    public static IServiceCollection AddTenantRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(Policy, context =>
            {
                var tenant = context.User.FindFirst(TenantClaims.Type)?.Value ?? "";
                var options = context.RequestServices.GetRequiredService<IOptions<IngestApiOptions>>().Value;
                var perMinute = options.Tenant(tenant).RequestsPerMinute ?? options.Limits.RequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter($"{tenant}/{perMinute}", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                });
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                var http = rejected.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests, Type = ProblemTypes.TooManyRequests, Title = "Too many requests",
                        Detail = $"Your tenant has used its requests for this minute; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.",
                    },
                });
            };
        });
}
