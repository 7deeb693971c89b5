using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Fleet.Cli.Serve;

/// <summary><c>fleet serve [--urls URL]</c>: the HTTP API with every role in this process; buckets are local folders.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string>("--urls")
        {
            Description = "Where to listen, ';'-separated (use 0.0.0.0 to accept other machines).",
            DefaultValueFactory = _ => ServeHost.DefaultUrls,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (requests, batch, document and chunk ids)." };

        var command = new Command("serve", "Serve the batch API (POST /batches, GET /batches/{id}, /scalar) with every role in this process.")
        {
            urls, verbose,
        };
        command.SetAction((parse, cancellationToken) => ServeAsync(parse.GetValue(urls)!, parse.GetValue(verbose), cancellationToken));
        return command;
    }

    private static async Task<int> ServeAsync(string urls, bool verbose, CancellationToken cancellationToken)
    {
        await using var app = ServeHost.Build(urls, verbose);
        if (!StartupCheck.Passes(app.Services))
            return StartupCheck.InvalidConfiguration;
        await app.StartAsync(cancellationToken);
        foreach (var url in app.Urls)
            Console.WriteLine($"Fleet API on {url} (API reference: {url}/scalar, OpenAPI: {url}/openapi/v1.json). Ctrl+C stops.");
        await app.WaitForShutdownAsync(cancellationToken);
        return 0;
    }
}
