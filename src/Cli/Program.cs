using System.CommandLine;
using Fleet.Cli.Run;
using Fleet.Cli.Serve;

var root = new RootCommand(
    "Fleet: batch OCR for PDFs. Takes each page's text layer where it is good, renders and OCRs the rest " +
    "(PDFium + PaddleOCR PP-OCRv4 on ONNX Runtime), and writes <name>.txt, <name>.json and a run manifest. " +
    "For a fleet, ./fleet services up|down|status|env starts RabbitMQ, PostgreSQL and an S3 server on this machine; " +
    "./fleet bench ocr|fleet|calibrate runs the benchmarks (tools/Bench).")
{
    RunCommand.Create(),
    ServeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
