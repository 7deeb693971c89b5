using Fleet.Infrastructure.Hosting;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Fleet.Infrastructure.Telemetry;

/// <summary>
/// Metrics and traces of a Fleet process: Fleet's own instruments (<see cref="FleetMetrics"/>), MassTransit's meter,
/// ASP.NET Core's and the .NET runtime's, served as Prometheus text at <c>/metrics</c>; traces (the API's requests,
/// MassTransit's send and consume activities, which carry W3C trace context in the message headers) exported over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class FleetTelemetry
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>MassTransit's meter and activity source.</summary>
    public const string MassTransitSource = "MassTransit";

    public static IServiceCollection AddFleetTelemetry(this IServiceCollection services, IConfiguration configuration, FleetRoles roles)
    {
        var scope = services.AddFleetMetrics();
        services.AddSingleton<BusTelemetryObserver>();
        services.AddConsumeObserver(sp => sp.GetRequiredService<BusTelemetryObserver>());
        services.AddReceiveObserver(sp => sp.GetRequiredService<BusTelemetryObserver>());

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("fleet", serviceVersion: typeof(FleetTelemetry).Assembly.GetName().Version?.ToString())
                .AddAttributes([new KeyValuePair<string, object>("fleet.roles", roles.Describe())]))
            .WithMetrics(metrics => metrics
                .AddMeter(FleetMetrics.MeterName, MassTransitSource)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                // Several hosts in one process each have a Fleet meter: this host's reader takes its own alone.
                .AddView(instrument => instrument.Meter.Name == FleetMetrics.MeterName && !ReferenceEquals(instrument.Meter, scope.Meter)
                    ? MetricStreamConfiguration.Drop
                    : null)
                .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]))
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(MassTransitSource)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsHousekeeping(http.Request.Path))
                .AddOtlpExporter());
        }
        return services;
    }

    /// <summary>
    /// Fleet's instruments alone (what the consumers and sagas record into), for hosts and test harnesses that do not
    /// add the whole telemetry; added once whoever asks first. Returns the scope naming this host's meter.
    /// </summary>
    public static FleetMeterScope AddFleetMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        if (services.FirstOrDefault(d => d.ServiceType == typeof(FleetMeterScope))?.ImplementationInstance is not FleetMeterScope scope)
        {
            scope = new FleetMeterScope();
            services.AddSingleton(scope);
            services.AddSingleton<FleetMetrics>();
        }
        return scope;
    }

    /// <summary><c>/metrics</c>, Prometheus text. Unauthenticated like <c>/health</c>: it carries counts, never ids or keys.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        // The meter exists once its owner does: create it now so the gauges are there from the first scrape.
        app.ServiceProvider.GetRequiredService<FleetMetrics>();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsHousekeeping(PathString path) =>
        path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/health") || path.StartsWithSegments("/dashboard/feed");
}
