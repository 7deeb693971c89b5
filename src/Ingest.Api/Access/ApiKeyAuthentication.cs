using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Ingest.Api.Access;

/// <summary>
/// Authenticates a request by its API key (<c>X-Api-Key: KEY</c> or <c>Authorization: Bearer KEY</c>) and names its
/// tenant in a <see cref="TenantClaims.Type"/> claim. With no key configured (<see cref="IApiKeys.IsOpen"/>) every
/// request is the default tenant's: the start-up check allows that on loopback only. The key itself is never logged.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, IApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (keys.IsOpen)
            return Task.FromResult(Success(ConfiguredApiKeys.DefaultTenant));
        var presented = PresentedKey(Request);
        if (presented is null)
            return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(keys.TenantOf(presented) is { } tenant
            ? Success(tenant)
            : AuthenticateResult.Fail("The API key is not one this server accepts."));
    }

    /// <summary>401 as problem details, with the scheme a client should use.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failed = PresentedKey(Request) is not null;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"fleet\"";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = failed ? "API key not accepted" : "API key required",
                Detail = failed
                    ? "The API key presented is not one this server accepts."
                    : $"Send an API key in the {HeaderName} header or as 'Authorization: Bearer KEY'.",
            },
        });
    }

    private AuthenticateResult Success(string tenant)
    {
        var identity = new ClaimsIdentity([new Claim(TenantClaims.Type, tenant)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The key a request presents in either header, or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is [{ Length: > 0 } key])
            return key;
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        return authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) && authorization.Length > bearer.Length
            ? authorization[bearer.Length..].Trim()
            : null;
    }
}
