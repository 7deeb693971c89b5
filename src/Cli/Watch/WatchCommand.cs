using System.CommandLine;
using Fleet.Cli.CommandLine;
using Fleet.Contracts;

namespace Fleet.Cli.Watch;

/// <summary><c>fleet watch &lt;folder&gt; --output &lt;dir&gt;</c>: OCR every PDF that appears in a folder, once, in this process.</summary>
public static class WatchCommand
{
    public static Command Create()
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "The folder to watch for PDFs." };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder that receives <name>.txt, <name>.json, runs/<batchId>/manifest.json and the watch's state " +
                          $"({WatchState.FileName}: the files done, so a restart does not do them again).",
            Required = true,
        };
        var dpi = new Option<int>("--dpi") { Description = "Render resolution for OCR'd pages (72-600).", DefaultValueFactory = _ => 300 };
        var mode = new Option<ProcessingMode>("--mode")
        {
            Description = "auto: text layer where it is good, OCR elsewhere; text: never OCR; ocr: always OCR.",
            DefaultValueFactory = _ => ProcessingMode.Auto,
        };
        var chunkPages = new Option<int>("--chunk-pages") { Description = "Pages per work item (1-1000).", DefaultValueFactory = _ => 8 };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Watch sub-folders of <folder> too." };
        var settle = new Option<double>("--settle")
        {
            Description = "Seconds a file's size and modification time must stay unchanged (and the file end like a PDF) before it counts as written (0.2-600).",
            DefaultValueFactory = _ => 2,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (batch, document and chunk ids)." };

        dpi.InRange(72, 600);
        chunkPages.InRange(1, 1000);
        settle.InRange(0.2, 600);

        var command = new Command("watch",
            "OCR every PDF that appears in a folder (once it is fully written) into an output folder, in this process, until Ctrl+C. " +
            "Each file is done once: a restart goes on where the last run stopped, and a file written again is done again.")
        {
            folder, output, dpi, mode, chunkPages, recursive, settle, verbose,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new WatchRequest(
                parse.GetValue(folder)!, parse.GetValue(output)!,
                new ProcessingOptions(parse.GetValue(dpi), parse.GetValue(mode), parse.GetValue(chunkPages)),
                parse.GetValue(recursive), TimeSpan.FromSeconds(parse.GetValue(settle)), parse.GetValue(verbose));
            return WatchConsole.ExecuteAsync(request, cancellationToken);
        });
        return command;
    }
}
