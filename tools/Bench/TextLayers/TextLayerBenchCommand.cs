using System.CommandLine;
using Fleet.Cli.CommandLine;

namespace Fleet.Bench.TextLayers;

/// <summary><c>fleet bench text</c>: Fleet's text-layer reading against poppler's pdftotext on born-digital manuals.</summary>
public static class TextLayerBenchCommand
{
    public static Command Create()
    {
        var pdfs = new Argument<FileSystemInfo[]>("pdfs")
        {
            Description = "PDF files or folders (searched recursively, .pdf and .pdf.gz). Default: the Debian manuals of TextLayerCorpus found on this machine.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var maxPages = new Option<int>("--max-pages")
        {
            Description = "Pages per document (10-100000): a longer one is sampled (its first and last quarters, where tables of contents and indexes are, and evenly between).",
            DefaultValueFactory = _ => 120,
        };
        maxPages.InRange(10, 100_000);
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the results (Markdown + JSON).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("bench", "results")),
        };
        var dump = new Option<DirectoryInfo?>("--dump") { Description = "Also write each page's text, Fleet's and pdftotext's, into this folder to compare them." };
        var command = new Command("text",
            "Read born-digital PDFs' text layers as a worker does and compare each page with poppler's pdftotext: order-free word error, " +
            "character error in line order, pages the quality check would send to OCR, ligatures left in the text.")
        {
            pdfs, maxPages, output, dump,
        };
        command.SetAction(parse => TextLayerBenchmark.Execute(parse.GetValue(pdfs) ?? [], parse.GetValue(maxPages), parse.GetValue(output)!, parse.GetValue(dump)));
        return command;
    }
}
