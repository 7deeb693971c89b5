using System.CommandLine;
using Fleet.Cli.CommandLine;
using Fleet.Contracts;

namespace Fleet.Cli.Run;

/// <summary><c>fleet run &lt;input&gt; --output &lt;dir&gt;</c>: OCR a folder of PDFs in one process, no servers.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var input = new Argument<FileSystemInfo>("input")
        {
            Description = "A folder of PDFs, or one PDF file.",
            CustomParser = result => ParsePath(result.Tokens[0].Value),
        };
        var output = new Option<DirectoryInfo>("--output", "-o")
        {
            Description = "Folder that receives <name>.txt, <name>.json and runs/<batchId>/manifest.json (created if missing).",
            Required = true,
        };
        var dpi = new Option<int>("--dpi") { Description = "Render resolution for OCR'd pages (72-600).", DefaultValueFactory = _ => 300 };
        var mode = new Option<ProcessingMode>("--mode")
        {
            Description = "auto: text layer where it is good, OCR elsewhere; text: never OCR; ocr: always OCR.",
            DefaultValueFactory = _ => ProcessingMode.Auto,
        };
        var chunkPages = new Option<int>("--chunk-pages") { Description = "Pages per work item (1-1000).", DefaultValueFactory = _ => 8 };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Include PDFs in sub-folders of <input>." };
        var rerun = new Option<bool>("--rerun")
        {
            Description = "Process every file again. By default a file whose content was already done (same DPI and mode, same output folder) reuses that result.",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (batch, document and chunk ids)." };

        dpi.InRange(72, 600);
        chunkPages.InRange(1, 1000);

        var command = new Command("run", "OCR a folder of PDFs (or one PDF) into an output folder, in this process.")
        {
            input, output, dpi, mode, chunkPages, recursive, rerun, verbose,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new RunRequest(
                parse.GetValue(input)!, parse.GetValue(output)!,
                new ProcessingOptions(parse.GetValue(dpi), parse.GetValue(mode), parse.GetValue(chunkPages), parse.GetValue(rerun)),
                parse.GetValue(recursive), parse.GetValue(verbose));
            return RunConsole.ExecuteAsync(request, cancellationToken);
        });
        return command;
    }

    private static FileSystemInfo ParsePath(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
}
