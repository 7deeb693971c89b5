using System.Diagnostics;

namespace Fleet.Bench;

/// <summary>
/// The environment of the distributed fleet's processes: this process's own, with the shared services' addresses
/// where it names none (the same defaults as <c>./fleet services env</c>): RabbitMQ, S3 and PostgreSQL, as the fleet
/// runs. <c>Fleet__Database__Kind=InMemory</c> asks for in-memory saga state instead (possible only because the api and
/// orchestrator roles share one process; no fleet runs so). A run that forgot the services' exports once measured that
/// by default: twice the documents/s, and not the fleet.
/// </summary>
public static class FleetBenchEnvironment
{
    public const string DatabaseKind = "Fleet__Database__Kind";

    private static readonly Dictionary<string, string> Defaults = new()
    {
        ["Fleet__Bus__RabbitMq__Host"] = "127.0.0.1",
        ["Fleet__Bus__RabbitMq__Port"] = "5672",
        ["Fleet__Bus__RabbitMq__VirtualHost"] = "/",
        ["Fleet__Bus__RabbitMq__Username"] = "fleet",
        ["Fleet__Bus__RabbitMq__Password"] = "fleet",
        ["Fleet__Bus__RabbitMq__ManagementUrl"] = "http://127.0.0.1:15672",
        ["Fleet__Database__ConnectionString"] = "Host=127.0.0.1;Port=5433;Username=fleet;Password=fleet;Database=fleet",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4568",
        ["AWS_ACCESS_KEY_ID"] = "S3RVER",
        ["AWS_SECRET_ACCESS_KEY"] = "S3RVER",
        ["AWS_REGION"] = "us-east-1",
    };

    public static Dictionary<string, string> Build(int maxActiveDocuments)
    {
        var environment = Defaults.ToDictionary(d => d.Key, d => Environment.GetEnvironmentVariable(d.Key) is { Length: > 0 } set ? set : d.Value);
        environment[DatabaseKind] = Environment.GetEnvironmentVariable(DatabaseKind) is { Length: > 0 } kind ? kind : "Postgres";
        environment["Fleet__Bus__Transport"] = "RabbitMq";
        environment["Fleet__Storage__Kind"] = "S3";
        environment["Fleet__Storage__S3__ServiceUrl"] = Environment.GetEnvironmentVariable("Fleet__Storage__S3__ServiceUrl") is { Length: > 0 } url
            ? url
            : environment["AWS_ENDPOINT_URL"];
        environment["Fleet__Storage__S3__ForcePathStyle"] = "true";
        environment["Fleet__Orchestrator__MaxActiveDocuments"] = maxActiveDocuments.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // MassTransit's usage telemetry tries the internet and logs a stack trace when it cannot reach it.
        environment["MASSTRANSIT_USAGE_TELEMETRY"] = "false";
        return environment;
    }

    /// <summary>The commit measured, so a result names the code it came from.</summary>
    public static string Commit()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["log", "-1", "--format=%h %s"]) { RedirectStandardOutput = true, RedirectStandardError = true });
            var line = git?.StandardOutput.ReadToEnd().Trim();
            git?.WaitForExit();
            return string.IsNullOrEmpty(line) ? "unknown" : line.Length > 100 ? line[..100] + "..." : line;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }
}
