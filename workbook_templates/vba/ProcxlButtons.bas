Attribute VB_Name = "ProcxlButtons"
' The buttons on the first sheet of procxl.xlsm run these macros. Each one calls
' a function of procxl.excel through the xlwings add-in, which must be installed
' (see docs/excel.md). Every message a user reads comes from Python, so this
' module stays ASCII.
Option Explicit

Public Sub ProcxlCheck()
    RunPython "import procxl.excel; procxl.excel.check()"
End Sub

Public Sub ProcxlUpdate()
    RunPython "import procxl.excel; procxl.excel.update()"
End Sub

Public Sub ProcxlDocuments()
    RunPython "import procxl.excel; procxl.excel.documents()"
End Sub
