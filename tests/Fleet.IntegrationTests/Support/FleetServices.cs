using System.Diagnostics;

namespace Fleet.IntegrationTests;

/// <summary>
/// The real servers every integration test uses: RabbitMQ, PostgreSQL, s3rver and an SQS server on 127.0.0.1, started once per test
/// run by <c>scripts/services.sh up</c> (idempotent: a no-op when they already run). Applies to every test in the
/// <c>Fleet.IntegrationTests</c> namespace and the namespaces below it.
/// </summary>
/// <remarks>
/// CI starts the services itself and says so with <c>FLEET_SERVICES_UP=1</c> and <c>FLEET_SERVICES_ENV_FILE</c>; the
/// fixture then only reads that file. The connection settings the tests read from the environment (host, port,
/// credentials, connection string, S3 endpoint) are set in this process when unset, so moved ports
/// (<c>FLEET_POSTGRES_PORT</c> and friends) reach every test. The transport and storage selectors
/// (<c>Fleet__Bus__Transport</c>, <c>Fleet__Database__Kind</c>, <c>Fleet__Storage__Kind</c>) are left alone: a test
/// chooses them for the host it builds.
/// </remarks>
[SetUpFixture]
public sealed class FleetServices
{
    static readonly string[] ConnectionSettings =
    [
        "Fleet__Bus__RabbitMq__Host", "Fleet__Bus__RabbitMq__Port", "Fleet__Bus__RabbitMq__Username",
        "Fleet__Bus__RabbitMq__Password", "Fleet__Bus__RabbitMq__ManagementUrl", "Fleet__Database__ConnectionString",
        "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION",
    ];

    /// <summary>The SQS server's endpoint in <see cref="Environment"/>.</summary>
    public const string SqsServiceUrl = "Fleet__BucketDrop__Sqs__ServiceUrl";

    static IReadOnlyDictionary<string, string>? environment;

    /// <summary>What <c>./fleet services env</c> exports, by variable name (e.g. <c>Fleet__Database__ConnectionString</c>).</summary>
    public static IReadOnlyDictionary<string, string> Environment =>
        environment ?? throw new InvalidOperationException(
            "FleetServices.Environment is set by the SetUpFixture in namespace Fleet.IntegrationTests; this test is outside it.");

    /// <summary>The repository root (the folder holding Fleet.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    [OneTimeSetUp]
    public void StartServices()
    {
        var envFile = System.Environment.GetEnvironmentVariable("FLEET_SERVICES_ENV_FILE");
        if (System.Environment.GetEnvironmentVariable("FLEET_SERVICES_UP") == "1" && File.Exists(envFile))
        {
            environment = ParseExports(File.ReadAllLines(envFile));
        }
        else
        {
            Run("up");
            environment = ParseExports(Run("env").Split('\n'));
        }
        if (!environment.ContainsKey(SqsServiceUrl))
        {
            // Services started by a services.sh that had no SQS server yet: start just that one from this checkout.
            Run("up", "sqs");
            var merged = new Dictionary<string, string>(environment, StringComparer.Ordinal);
            foreach (var (name, value) in ParseExports(Run("env").Split('\n')))
                merged.TryAdd(name, value);
            environment = merged;
        }
        foreach (var name in ConnectionSettings)
        {
            if (System.Environment.GetEnvironmentVariable(name) is null && environment.TryGetValue(name, out var value))
                System.Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>Stops one service (rabbitmq, postgres, s3 or sqs) and starts it again; returns once it answers.</summary>
    public static void Restart(string service) => Run("restart", service);

    /// <summary>Stops one service and waits until its process is gone.</summary>
    public static void Stop(string service) => Run("down", service);

    /// <summary>Starts one service (a no-op when it runs); returns once it answers.</summary>
    public static void Start(string service) => Run("up", service);

    /// <summary>Reads <c>export NAME=value</c> lines; single quotes around a value are removed.</summary>
    public static IReadOnlyDictionary<string, string> ParseExports(IEnumerable<string> lines)
    {
        var exports = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (!line.StartsWith("export ", StringComparison.Ordinal)) continue;
            var assignment = line["export ".Length..];
            var equals = assignment.IndexOf('=');
            if (equals <= 0) continue;
            var value = assignment[(equals + 1)..];
            if (value.Length >= 2 && value[0] == '\'' && value[^1] == '\'') value = value[1..^1];
            exports[assignment[..equals]] = value;
        }
        return exports;
    }

    static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepoRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "scripts", "services.sh"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        // A cold up installs RabbitMQ and PostgreSQL first: minutes, not seconds.
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/services.sh {string.Join(' ', arguments)} did not finish in 10 minutes");
        }
        var output = stdout.GetAwaiter().GetResult();
        var messages = stderr.GetAwaiter().GetResult();
        TestContext.Progress.Write(messages);
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"scripts/services.sh {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{messages}");
        return output;
    }

    static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Fleet.sln"))) return folder.FullName;
        }
        throw new DirectoryNotFoundException($"no Fleet.sln above {AppContext.BaseDirectory}");
    }
}
