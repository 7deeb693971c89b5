using System.CommandLine;
using System.CommandLine.Parsing;
using Fleet.Contracts;
using Fleet.Infrastructure.Passwords;

namespace Fleet.Cli.CommandLine;

/// <summary>
/// The options <c>fleet run</c> and <c>fleet watch</c> share, defined once: how each document is processed (--dpi,
/// --mode, --chunk-pages), what is written for it (--outputs), and the passwords of encrypted PDFs (--password-file).
/// </summary>
public sealed class ProcessingArguments
{
    public const string PasswordFileHelp =
        "Passwords for encrypted PDFs, a UTF-8 text file: one per line, each line either a password tried on every " +
        "encrypted input, or KEY<TAB>PASSWORD for the input KEY alone (its path under the input folder, '/' between folders; " +
        "the file name when the input is one file). An input's own passwords are tried first, then the others in file order. " +
        "Blank lines and lines starting with # are skipped (write *<TAB>#... for a password that starts with #). " +
        "Passwords are never logged or written to the manifest.";

    public Option<int> Dpi { get; } = new Option<int>("--dpi")
    {
        Description = "Render resolution for OCR'd pages (72-600); also the resolution of an image that states none.",
        DefaultValueFactory = _ => 300,
    }.InRange(72, 600);

    public Option<ProcessingMode> Mode { get; } = new("--mode")
    {
        Description = "auto: text layer where it is good, OCR elsewhere; text: never OCR; ocr: always OCR. Images have no text layer: auto OCRs them.",
        DefaultValueFactory = _ => ProcessingMode.Auto,
    };

    public Option<int> ChunkPages { get; } = new Option<int>("--chunk-pages")
    {
        Description = "Pages per work item (1-1000).",
        DefaultValueFactory = _ => 8,
    }.InRange(1, 1000);

    public Option<OutputFormats> Outputs { get; } = new("--outputs")
    {
        Description = $"Files to write per document, comma-separated: {string.Join(',', OutputFormatNames.All)} " +
                      "(pdf: the input with an invisible OCR text layer, an image input as a PDF of its pages; hocr: <name>.hocr; alto: <name>.alto.xml).",
        DefaultValueFactory = _ => OutputFormatNames.Default,
        CustomParser = ParseOutputs,
        HelpName = "formats",
    };

    public Option<IReadOnlyList<BatchPassword>> Passwords { get; } = new("--password-file")
    {
        Description = PasswordFileHelp,
        // One file: a list-typed option would otherwise take the next arguments too.
        Arity = ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => [],
        CustomParser = ParsePasswordFile,
        HelpName = "file",
    };

    public void AddTo(Command command)
    {
        foreach (Option option in (Option[])[Dpi, Mode, ChunkPages, Outputs, Passwords])
            command.Options.Add(option);
    }

    public ProcessingOptions Read(ParseResult parse, bool rerun = false) =>
        new(parse.GetValue(Dpi), parse.GetValue(Mode), parse.GetValue(ChunkPages), rerun, parse.GetValue(Outputs));

    public IReadOnlyList<BatchPassword> ReadPasswords(ParseResult parse) => parse.GetValue(Passwords) ?? [];

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

    private static IReadOnlyList<BatchPassword> ParsePasswordFile(ArgumentResult result)
    {
        var path = result.Tokens[^1].Value;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result.AddError($"--password-file: cannot read '{path}': {e.Message}");
            return [];
        }
        var passwords = PasswordFile.Parse(lines);
        if (passwords.Count == 0)
            result.AddError($"--password-file: '{path}' holds no password.");
        return passwords;
    }
}
