using System.CommandLine;
using System.CommandLine.Parsing;
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
            Description = "Folder that receives <name>.txt, <name>.json (and what --outputs asks for) and runs/<batchId>/manifest.json (created if missing).",
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
        var outputs = new Option<OutputFormats>("--outputs")
        {
            Description = $"Files to write per document, comma-separated: {string.Join(',', OutputFormatNames.All)} " +
                          "(pdf: the input with an invisible OCR text layer; hocr: <name>.hocr; alto: <name>.alto.xml).",
            DefaultValueFactory = _ => OutputFormatNames.Default,
            CustomParser = ParseOutputs,
            HelpName = "formats",
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every step (batch, document and chunk ids)." };

        dpi.InRange(72, 600);
        chunkPages.InRange(1, 1000);

        var command = new Command("run", "OCR a folder of PDFs (or one PDF) into an output folder, in this process.")
        {
            input, output, dpi, mode, chunkPages, outputs, recursive, rerun, verbose,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var request = new RunRequest(
                parse.GetValue(input)!, parse.GetValue(output)!,
                new ProcessingOptions(parse.GetValue(dpi), parse.GetValue(mode), parse.GetValue(chunkPages), parse.GetValue(rerun), parse.GetValue(outputs)),
                parse.GetValue(recursive), parse.GetValue(verbose));
            return RunConsole.ExecuteAsync(request, cancellationToken);
        });
        return command;
    }

    private static OutputFormats ParseOutputs(ArgumentResult result)
    {
        var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (OutputFormatNames.TryParse(names, out var formats, out var unknown))
            return formats;
        result.AddError(unknown is null
            ? $"--outputs names at least one of {string.Join(',', OutputFormatNames.All)}."
            : $"--outputs: '{unknown}' is not an output format; use {string.Join(',', OutputFormatNames.All)}.");
        return OutputFormatNames.Default;
    }

    private static FileSystemInfo ParsePath(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
}
