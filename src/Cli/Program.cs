using System.CommandLine;
using Fleet.Cli.CommandLine;
using Fleet.Cli.Run;
using Fleet.Cli.Serve;
using Fleet.Cli.Status;
using Fleet.Cli.Watch;

var root = new RootCommand(
    "Fleet: batch OCR for PDFs. Takes each page's text layer where it is good, renders and OCRs the rest " +
    "(PDFium + PaddleOCR PP-OCRv4 on ONNX Runtime), and writes <name>.txt, <name>.json and a run manifest: for a folder " +
    "(run), for every PDF that appears in a folder (watch), or as a service (serve); status shows a running fleet's queues, workers and batches. " +
    "For a fleet, ./fleet services up|down|status|env starts RabbitMQ, PostgreSQL, an S3 server and an SQS server on this machine; " +
    "./fleet bench ocr|fleet|recognize|text|cost|calibrate runs the benchmarks (tools/Bench).")
{
    RunCommand.Create(),
    WatchCommand.Create(),
    ServeCommand.Create(),
    StatusCommand.Create(),
};
return await CommandLineExit.InvokeAsync(root, args);
