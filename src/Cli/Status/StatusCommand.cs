using System.CommandLine;
using Fleet.Cli.CommandLine;
using Fleet.Cli.Serve;
using Fleet.Ingest.Api.Access;
using Spectre.Console;

namespace Fleet.Cli.Status;

/// <summary>
/// <c>fleet status [--api URL] [--api-key KEY] [--once]</c>: the operators' dashboard in a terminal, read from the same
/// feed the <c>/dashboard</c> page polls. Live (redrawn every <c>--interval</c>) on a terminal; one snapshot, as plain
/// text, with <c>--once</c> or when the output is not a terminal.
/// </summary>
public static class StatusCommand
{
    public const int Unreachable = 3;
    public const int KeyRefused = 4;

    public static Command Create()
    {
        var api = new Option<Uri>("--api")
        {
            Description = $"The api role's address (default {ServeHost.DefaultUrls}, where fleet serve listens).",
            DefaultValueFactory = _ => new Uri(ServeHost.DefaultUrls),
            CustomParser = result => Uri.TryCreate(result.Tokens[0].Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : Refuse(result, $"--api: '{result.Tokens[0].Value}' is not an http(s) URL."),
        };
        var apiKey = new Option<string?>("--api-key")
        {
            Description = $"An API key of the api process (default: the first of {ConfiguredApiKeys.EnvironmentVariable}); not needed where it runs open on 127.0.0.1.",
        };
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit (what happens anyway when the output is not a terminal)." };
        var interval = new Option<double>("--interval") { Description = "Seconds between readings of the live view (0.5-60).", DefaultValueFactory = _ => 2 };
        interval.InRange(0.5, 60);

        var command = new Command("status",
            "Show the fleet as the operators' dashboard does: queue depths and oldest-message age per queue, pages/s, failures/s, " +
            "workers and their chunks in flight, the error queues, and the batches in flight with progress, pages done/total, failed " +
            $"documents and ETA. Exit code {Unreachable} when the API cannot be reached, {KeyRefused} when it refuses the key.")
        {
            api, apiKey, once, interval,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var key = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable(ConfiguredApiKeys.EnvironmentVariable)?.Split(',')[0].Trim();
            return StatusConsole.ExecuteAsync(parse.GetValue(api)!, string.IsNullOrEmpty(key) ? null : key, parse.GetValue(once),
                TimeSpan.FromSeconds(parse.GetValue(interval)), cancellationToken);
        });
        return command;
    }

    private static Uri Refuse(System.CommandLine.Parsing.ArgumentResult result, string error)
    {
        result.AddError(error);
        return new Uri(ServeHost.DefaultUrls);
    }
}
