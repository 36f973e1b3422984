import { mountApp } from '@shared/app/mount';
import { App } from './App';
import { whenSignedOut } from './api/http';
import { sessionKey } from './auth/session';
import { dashboardLanguages } from './i18n/languages';
import './styles.css';

mountApp(<App />, { key: sessionKey, whenSignedOut }, dashboardLanguages);
