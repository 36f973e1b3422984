import { mountApp } from '@shared/app/mount';
import english from 'virtual:icu-catalogs/en';
import { App } from './App';
import { whenSignedOut } from './api/http';
import { sessionKey } from './auth/session';
import './styles.css';

// VizTube speaks English only so far: no translations, so no language picker.
mountApp(<App />, { key: sessionKey, whenSignedOut }, { english, translations: {} });
