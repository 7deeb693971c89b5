using System.CommandLine;
using System.Text.Json;

namespace Fleet.Bench;

/// <summary>The hidden <c>fleet bench fleet-pass</c> that <see cref="OcrBenchmark"/> starts as a child process.</summary>
public static class FleetPassCommand
{
    public const string Name = "fleet-pass";

    public static Command Create()
    {
        var pdf = new Option<FileInfo>("--pdf") { Required = true };
        var pages = new Option<int>("--pages") { Required = true };
        var dpi = new Option<int>("--dpi") { Required = true };
        var variant = new Option<FileInfo>("--variant") { Required = true };
        var result = new Option<FileInfo>("--result") { Required = true };
        var command = new Command(Name, "Internal: one Fleet measurement of `fleet bench ocr`, in its own process.")
        {
            pdf, pages, dpi, variant, result,
        };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var settings = JsonSerializer.Deserialize<FleetVariant>(File.ReadAllText(parse.GetValue(variant)!.FullName), BenchJson.Options)
                           ?? throw new InvalidOperationException("empty variant file");
            var measured = FleetPass.Run(File.ReadAllBytes(parse.GetValue(pdf)!.FullName), parse.GetValue(pages), parse.GetValue(dpi), settings.ToOptions());
            FleetPass.WriteResult(measured, parse.GetValue(result)!.FullName);
            return 0;
        });
        return command;
    }
}
