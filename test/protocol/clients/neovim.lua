-- Drives platform-aware's language server from a real Neovim (0.7+, headless): opens the file given in
-- $PA_FILE, waits for the server's diagnostics, prints them as JSON lines and quits. Used by
-- test/protocol/neovim.test.ts; the server command comes from $PA_CLI.
local file = os.getenv('PA_FILE')
local done = false

local client_id = vim.lsp.start_client({
  name = 'platform-aware',
  cmd = { 'node', os.getenv('PA_CLI'), 'lsp', '--stdio' },
  root_dir = os.getenv('PA_ROOT'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result and result.diagnostics and #result.diagnostics > 0 and not done then
        done = true
        for _, d in ipairs(result.diagnostics) do
          io.stdout:write(vim.fn.json_encode({ code = d.code, source = d.source, line = d.range.start.line, character = d.range.start.character, message = d.message }) .. '\n')
        end
      end
    end,
  },
})

vim.cmd('edit ' .. file)
vim.bo.filetype = 'yaml'
vim.lsp.buf_attach_client(0, client_id)
vim.wait(20000, function() return done end, 50)
if not done then io.stdout:write('NO DIAGNOSTICS\n') end
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
