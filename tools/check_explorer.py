"""Check the explorer widget where users meet it: in a running JupyterLab, driven by headless Chromium (Selenium,
Debian's `chromium` and `chromium-driver`). Opens a notebook that shows `explorer(DEMO_WEIGHTS, test clips)`, runs
it, checks that the widget renders (clip menu, frame slider, a picture), moves the frame slider and checks that the
picture and the slider's readout change; saves screenshots before and after.

    .venv/bin/python tools/check_explorer.py [--out nbs/images]     # -> explorer.png, explorer_moved.png
"""
import os, sys, time, json, socket, shutil, argparse, tempfile, subprocess, hashlib
from pathlib import Path

CELL = ("from pe_clip.paths import DEMO_WEIGHTS, find_samples\n"
        "from pe_clip.explorer import explorer\nexplorer(DEMO_WEIGHTS, find_samples()/'SYNTH_set_1_test.txt')")

def free_port() -> int:
    with socket.socket() as s: s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def wait(fn, timeout=120, what='condition'):
    t = time.time()
    while time.time() - t < timeout:
        try:
            v = fn()
            if v: return v
        except Exception: pass
        time.sleep(0.5)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default='explorer_check', help='folder for the screenshots')
    a = ap.parse_args(argv)
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
    out, work, port = Path(a.out), Path(tempfile.mkdtemp()), free_port()
    out.mkdir(parents=True, exist_ok=True)
    nb = dict(nbformat=4, nbformat_minor=5, metadata=dict(kernelspec=dict(name='python3', display_name='Python 3',
                                                                            language='python')),
              cells=[dict(cell_type='code', id='explorer', metadata={}, execution_count=None, outputs=[], source=CELL)])
    (work/'explorer.ipynb').write_text(json.dumps(nb))
    lab = subprocess.Popen([str(Path(sys.executable).parent/'jupyter'), 'lab', '--no-browser', f'--port={port}',
                            '--ServerApp.token=', '--ServerApp.password=', '--allow-root',
                            f'--ServerApp.root_dir={work}'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           env=dict(os.environ, HF_HUB_OFFLINE='1'))
    opts = webdriver.ChromeOptions()
    for o in ('--headless=new', '--no-sandbox', '--disable-gpu', '--window-size=1300,1000'): opts.add_argument(o)
    opts.binary_location = shutil.which('chromium') or '/usr/bin/chromium'
    drv = webdriver.Chrome(options=opts, service=webdriver.ChromeService(shutil.which('chromedriver')))
    try:
        url = f'http://127.0.0.1:{port}/lab/tree/explorer.ipynb'
        wait(lambda: socket.create_connection(('127.0.0.1', port), 1), 60, 'JupyterLab to start')
        drv.get(url)
        editor = wait(lambda: drv.find_element(By.CSS_SELECTOR, '.jp-Notebook .jp-Cell .cm-content'), 90,
                      'the notebook to open')
        time.sleep(3)
        for d in drv.find_elements(By.CSS_SELECTOR, '.jp-Dialog button.jp-mod-accept'): d.click()   # kernel dialog
        run_all = lambda: [m for m in drv.find_elements(By.CSS_SELECTOR, '.lm-MenuBar-itemLabel') if m.text == 'Run']
        wait(run_all, 30, "the 'Run' menu")[0].click()
        item = wait(lambda: [m for m in drv.find_elements(By.CSS_SELECTOR, '.lm-Menu-itemLabel')
                             if m.text == 'Run All Cells'], 30, "'Run All Cells'")
        item[0].click()
        img = lambda: drv.find_element(By.CSS_SELECTOR, '.jp-OutputArea-output .widget-output img')
        wait(img, 240, 'the explorer to draw its first frame')
        slider = drv.find_element(By.CSS_SELECTOR, '.widget-slider')
        readout = lambda: slider.find_element(By.CSS_SELECTOR, '.widget-readout').text.strip()
        before = hashlib.sha256(img().get_attribute('src').encode()).hexdigest(); r0 = readout()
        drv.save_screenshot(str(out/'explorer.png'))
        handle = slider.find_element(By.CSS_SELECTOR, '.noUi-handle')
        handle.click(); handle.send_keys(Keys.ARROW_RIGHT)
        wait(lambda: readout() != r0, 30, 'the slider to move')
        wait(lambda: hashlib.sha256(img().get_attribute('src').encode()).hexdigest() != before, 60,
             'the picture to follow the slider')
        time.sleep(1); drv.save_screenshot(str(out/'explorer_moved.png'))
        print(f"explorer rendered; frame slider {r0} -> {readout()}, picture redrawn; screenshots in {out}")
    except Exception:
        drv.save_screenshot(str(out/'explorer_failed.png')); raise
    finally:
        drv.quit(); lab.terminate(); lab.wait(10)

if __name__ == '__main__': main()
