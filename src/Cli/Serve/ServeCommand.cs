using System.CommandLine;
using Fleet.Infrastructure.Hosting;
using Fleet.Ingest.Api.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Fleet.Cli.Serve;

/// <summary><c>fleet serve [--role api,orchestrator,worker] [--urls URL]</c>: one process of the fleet, or all of it.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var role = new Option<string?>("--role")
        {
            Description = $"Roles this process runs, comma-separated: {FleetRolesParser.Names} (default: api, orchestrator, worker). " +
                          "Separate roles need a shared broker, database and buckets (Fleet__Bus__Transport=RabbitMq, " +
                          "Fleet__Database__Kind=Postgres, Fleet__Storage__Kind=S3; see ./fleet services env). ingest is the bucket " +
                          "drop: it reads S3's notifications of new PDFs from SQS (Fleet__BucketDrop__Sqs__QueueUrl) and submits them " +
                          "as batches by the rules Fleet__BucketDrop__Rules__N__Bucket, __Prefix, __OutputBucket, __Tenant.",
        };
        var urls = new Option<string?>("--urls")
        {
            Description = $"Where to listen, ';'-separated (use 0.0.0.0 to accept other machines). Default {ServeHost.DefaultUrls} " +
                          $"with the api role, else {ServeHost.HealthOnlyUrls} (a free port, for /health and /health/ready).",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (requests, batch, document and chunk ids)." };

        var command = new Command("serve",
            "Run Fleet as a service: the batch API (POST /batches, POST /documents, GET /batches/{id}, /scalar), the orchestrator and " +
            "workers, all in this process or only the roles named. The API needs keys (FLEET_API_KEY=key1,key2 or " +
            "Fleet__Api__Keys__N__Key/__Tenant) except on 127.0.0.1, where it may run open. A port in use ends with exit code 2.")
        {
            role, urls, verbose,
        };
        command.SetAction((parse, cancellationToken) => ServeAsync(parse.GetValue(role), parse.GetValue(urls), parse.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(string? roleNames, string? urls, bool verbose, CancellationToken cancellationToken)
    {
        if (!FleetRolesParser.TryParse(roleNames, out var roles, out var error))
        {
            Console.Error.WriteLine($"error: --role: {error}");
            return StartupCheck.InvalidConfiguration;
        }
        await using var app = ServeHost.Create(urls, verbose, roles);
        if (!StartupCheck.Passes(app.Services))
            return StartupCheck.InvalidConfiguration;
        var listenOn = ServeHost.UrlsFor(urls, roles).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (roles.HasFlag(FleetRoles.Api) && !OpenAccess.MayStart(app.Services, listenOn))
            return StartupCheck.InvalidConfiguration;
        if (PortInUse.Find(listenOn) is { } taken)
        {
            Console.Error.WriteLine($"error: {taken} is in use by another process: stop it or choose another --urls");
            return StartupCheck.InvalidConfiguration;
        }
        ServeHost.MapEndpoints(app, roles);
        return await app.RunFleetAsync(roles, cancellationToken);
    }
}
