using System.Security.Claims;
using Fleet.Ingest.Api.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Fleet.Ingest.Api.Dashboard;

/// <summary>
/// The dashboard's session: the login form's API key (checked by the same <see cref="IApiKeys"/> as the batch API) is
/// exchanged for an HttpOnly, SameSite=Strict cookie naming the key's tenant; the key itself is kept nowhere, and never
/// travels in a URL. A program (<c>fleet status</c>) sends the key in a header instead, as it does to the batch API
/// (<see cref="ApiKeyAuthentication.HeaderName"/> or <c>Authorization: Bearer</c>), and reads the same feed.
/// With no keys configured (open on loopback) the dashboard is open too, as the default tenant's.
/// </summary>
public static class DashboardAccess
{
    public const string Scheme = "Dashboard";
    public const string CookieName = "fleet-dashboard";

    public static AuthenticationBuilder AddDashboardCookie(this AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = CookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.Path = DashboardApi.Path;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            // The feed answers 401 to a lost session; the page itself shows the login form.
            cookie.Events.OnRedirectToLogin = context =>
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
        });

    /// <summary>The tenant whose dashboard this is, or null when the caller has not logged in.</summary>
    public static async Task<string?> TenantAsync(HttpContext http)
    {
        var keys = http.RequestServices.GetRequiredService<IApiKeys>();
        if (keys.IsOpen)
            return ConfiguredApiKeys.DefaultTenant;
        if (ApiKeyAuthentication.PresentedKey(http.Request) is { } key)
            return keys.TenantOf(key);
        var session = await http.AuthenticateAsync(Scheme);
        return session.Succeeded ? session.Principal?.FindFirstValue(TenantClaims.Type) : null;
    }

    public static Task SignInAsync(HttpContext http, string tenant) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(TenantClaims.Type, tenant)], Scheme)),
            new AuthenticationProperties { IsPersistent = false });

    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);
}
